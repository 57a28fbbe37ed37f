package org.candour.response;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** A closed survey's receipts as JSON, for anyone to check and count. Anonymous, never logged. */
@Path("/api/v1/surveys/{id}/receipts")
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    @Inject
    ReceiptService receipts;

    @GET
    public ReceiptService.Receipts json(@PathParam("id") UUID id) {
        return receipts.list(id);
    }
}
