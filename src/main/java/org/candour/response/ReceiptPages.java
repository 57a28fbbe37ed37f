package org.candour.response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** A closed survey's receipts as a page where a respondent finds theirs. Anonymous, never logged. */
@Path("/s/{id}/receipts")
@Produces(MediaType.TEXT_HTML)
public class ReceiptPages {

    @Inject
    ReceiptService receipts;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance receipts(ReceiptService.Receipts receipts);
    }

    @GET
    public TemplateInstance page(@PathParam("id") UUID id) {
        return Templates.receipts(receipts.list(id));
    }
}
