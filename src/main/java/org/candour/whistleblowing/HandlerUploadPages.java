package org.candour.whistleblowing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CurrentStaff;
import org.candour.web.BodyLimitHandler;
import org.candour.web.InMemoryMultipart;

/**
 * A handler's reply that may carry files, read and parsed in memory like the reporter's
 * ({@link UploadPages}): the files are cleaned and sent at once, and the notice says their hidden details
 * were removed.
 */
@Path(BodyLimitHandler.UPLOADS + "handler")
@RolesAllowed("HANDLER")
@CsrfProtected
@Produces(MediaType.TEXT_HTML)
public class HandlerUploadPages {

    @Inject
    HandlerService handlers;

    @Inject
    AttachmentIntake intake;

    @Inject
    CurrentStaff staff;

    @POST
    @Path("cases/{id}/reply")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response reply(@PathParam("id") UUID id, InMemoryMultipart form) {
        List<InMemoryMultipart.FilePart> files = form.files(UploadPages.FILE);
        handlers.reply(staff.get(), id, form.first("text"), files.isEmpty() ? List.of() : intake.clean(files));
        return Response.seeOther(URI.create("/handler/cases/" + id + "?notice="
                + (files.isEmpty() ? "reply-sent" : "reply-files-sent"))).build();
    }
}
