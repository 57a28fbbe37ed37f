package org.candour.response;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * A closed survey's receipt list as plain text, one receipt per line (each ending in a newline), sorted
 * as {@link ReceiptService} sorts them: the file whose SHA-256 a publication's signed JSON carries.
 */
@Path("/s/{id}/receipts.txt")
public class ReceiptText {

    @Inject
    ReceiptService receipts;

    @GET
    @Produces("text/plain; charset=utf-8")
    public Response text(@PathParam("id") UUID id) {
        return Response.ok(ReceiptService.text(receipts.list(id)))
                .header("Content-Disposition", "inline; filename=\"receipts-" + id + ".txt\"").build();
    }
}
