package org.candour.whistleblowing;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.candour.auth.CurrentStaff;
import org.candour.web.InMemoryMultipart;
import org.candour.web.ProblemException;

/**
 * The JSON API's requests that carry files: multipart bodies, read and parsed in memory like the pages'
 * ({@link UploadPages}), under the larger upload body limit. A reporter's files are cleaned and held in a
 * draft whose findings the client shows before it sends the draft ({@code /api/v1/reports/{slug}/draft},
 * {@code /api/v1/reports/follow-up/draft}); a handler's are cleaned and sent at once.
 */
@Path("/api/uploads")
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {

    @Inject
    ReportService reports;

    @Inject
    HandlerService handlers;

    @Inject
    AttachmentIntake intake;

    @Inject
    CurrentStaff staff;

    /** A draft held until the client sends it, with what was found and removed from each file. */
    public record Draft(String draft, String key, List<UploadPages.Cleaned> files) {
        static Draft of(Drafts.Ticket t, List<AttachmentCleaner.Cleaned> files) {
            return new Draft(t.id(), t.key(), files.stream().map(UploadPages.Cleaned::of).toList());
        }
    }

    /** A report with files: part {@code report} (the JSON of {@code POST /api/v1/reports/{slug}}), parts {@code file}. */
    @POST
    @Path("reports/{slug}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Draft report(@PathParam("slug") String slug, InMemoryMultipart form) {
        String json = form.first("report");
        if (json == null) {
            throw ProblemException.badRequest("report: a part named report holding the report as JSON (channels,"
                    + " category, from, to, text, submissionId).");
        }
        ReportResource.Filing in;
        try {
            in = ReportService.JSON.readValue(json, ReportResource.Filing.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("report: not the JSON of a report (channels, category, from, to, text,"
                    + " submissionId).");
        }
        List<AttachmentCleaner.Cleaned> files = intake.clean(files(form, "/api/v1/reports/" + slug));
        return Draft.of(reports.draftReport(slug, in.submission(), in.submissionBytes(), files), files);
    }

    /** A reporter's answer with files: part {@code message} (optional with files), parts {@code file}. */
    @POST
    @Path("reports/follow-up")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Draft answer(InMemoryMultipart form) {
        List<AttachmentCleaner.Cleaned> files = intake.clean(files(form, "/api/v1/reports/follow-up/reply"));
        return Draft.of(reports.draftReply(form.first("message"), files), files);
    }

    /** A handler's reply with files: part {@code text} (optional with files), parts {@code file}; sent at once. */
    @POST
    @Path("handler/cases/{id}/reply")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed("HANDLER")
    public Response handlerReply(@PathParam("id") UUID id, InMemoryMultipart form) {
        List<AttachmentCleaner.Cleaned> files = intake.clean(files(form, "/api/handler/cases/" + id + "/reply"));
        handlers.reply(staff.get(), id, form.first("text"), files);
        return Response.status(201).entity(Map.of("files", files.stream().map(UploadPages.Cleaned::of).toList())).build();
    }

    private static List<InMemoryMultipart.FilePart> files(InMemoryMultipart form, String withoutFiles) {
        List<InMemoryMultipart.FilePart> files = form.files(UploadPages.FILE);
        if (files.isEmpty()) {
            throw ProblemException.badRequest("file: send at least one file (parts named file); without files, use "
                    + withoutFiles + ".");
        }
        return files;
    }
}
