package org.candour.whistleblowing;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CsrfTokens;
import org.candour.auth.CurrentStaff;
import org.candour.org.Organisation;
import org.candour.web.Base64Url;
import org.candour.web.BodyLimitHandler;
import org.candour.web.InMemoryMultipart;
import org.candour.web.ProblemException;

/**
 * The forms that carry files: a report, a reporter's answer and a handler's reply. Their bodies are read
 * whole and parsed in memory ({@link InMemoryMultipart}), because Quarkus REST's form handling writes
 * file parts to disk; so the CSRF token is checked here rather than by the interceptor, which needs a
 * form parameter. A reporter's files are cleaned and shown with what was removed before anything is
 * sent ({@link Drafts}); a handler's are cleaned and sent at once, and the notice says so.
 */
@Path(BodyLimitHandler.UPLOADS)
@Produces(MediaType.TEXT_HTML)
public class UploadPages {

    static final String FILE = "file";

    @Inject
    ReportService reports;

    @Inject
    HandlerService handlers;

    @Inject
    AttachmentIntake intake;

    @Inject
    CsrfTokens csrf;

    @Inject
    CurrentStaff staff;

    /** What the review page shows of a cleaned file. */
    public record Cleaned(String name, String type, List<String> removed, List<String> notes) {
        static Cleaned of(AttachmentCleaner.Cleaned c) {
            return new Cleaned(c.fileName(), c.detectedType(), c.removed(), c.notes());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance review(String heading, String action, String csrfToken, Drafts.Ticket draft,
                String receipt, List<Cleaned> files, String back);
    }

    /** The report form with files: cleaned, held as a draft and shown for review; without files, filed at once. */
    @POST
    @Path("report/{slug: [a-z0-9][a-z0-9-]{1,62}}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response report(@PathParam("slug") String slug, @HeaderParam("Content-Type") String contentType, byte[] body) {
        InMemoryMultipart form = InMemoryMultipart.parse(contentType, body);
        requireFormToken(form);
        Organisation o = reports.organisation(slug);
        List<UUID> ids = new ArrayList<>();
        for (String id : form.all("channel")) {
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("channel: choose channels from the list.");
            }
        }
        String submissionId = form.first("submissionId");
        byte[] submission = Base64Url.decode("submissionId", submissionId == null ? "" : submissionId);
        ReportService.Submission s = new ReportService.Submission(ids, form.first("category"), form.first("from"),
                form.first("to"), form.first("text"));
        List<InMemoryMultipart.FilePart> files = form.files(FILE);
        if (files.isEmpty()) {
            return ReportPages.receipt(o, reports.submit(slug, s, submission), csrf);
        }
        List<AttachmentCleaner.Cleaned> cleaned = intake.clean(files);
        Drafts.Ticket draft = reports.draftReport(slug, s, submission, cleaned);
        String action = "/report/" + slug + "/confirm";
        return Response.ok(Templates.review("Check your files, then send the report", action, csrf.formToken(action),
                draft, null, cleaned.stream().map(Cleaned::of).toList(), "/report/" + slug)).build();
    }

    /** A reporter's answer with files: cleaned and shown for review; without files, sent at once. */
    @POST
    @Path("follow-up")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response answer(@HeaderParam("Content-Type") String contentType, byte[] body) {
        InMemoryMultipart form = InMemoryMultipart.parse(contentType, body);
        requireFormToken(form);
        String receipt = form.first("receipt");
        List<InMemoryMultipart.FilePart> files = form.files(FILE);
        if (files.isEmpty()) {
            return Response.ok(ReportPages.thread(reports.reply(receipt, form.first("message")), receipt, csrf)).build();
        }
        List<AttachmentCleaner.Cleaned> cleaned = intake.clean(files);
        Drafts.Ticket draft = reports.draftReply(form.first("message"), cleaned);
        String action = "/report/follow-up/confirm";
        return Response.ok(Templates.review("Check your files, then send your answer", action, csrf.formToken(action),
                draft, receipt, cleaned.stream().map(Cleaned::of).toList(), "/report/follow-up")).build();
    }

    /** A handler's reply with files: cleaned and sent; the notice says the files' hidden details were removed. */
    @POST
    @Path("handler/cases/{id}/reply")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed("HANDLER")
    public Response handlerReply(@PathParam("id") UUID id, @HeaderParam("Content-Type") String contentType,
            byte[] body) {
        InMemoryMultipart form = InMemoryMultipart.parse(contentType, body);
        if (!csrf.valid(form.first(CsrfTokens.FIELD))) {
            throw expired();
        }
        List<InMemoryMultipart.FilePart> files = form.files(FILE);
        handlers.reply(staff.get(), id, form.first("text"), files.isEmpty() ? List.of() : intake.clean(files));
        return Response.seeOther(URI.create("/handler/cases/" + id + "?notice="
                + (files.isEmpty() ? "reply-sent" : "reply-files-sent"))).build();
    }

    private void requireFormToken(InMemoryMultipart form) {
        if (!csrf.validForm(form.first(CsrfTokens.FIELD))) {
            throw expired();
        }
    }

    private static ProblemException expired() {
        return new ProblemException(403, "This form has expired or did not come from this site. Go back, reload the"
                + " page and try again.");
    }
}
