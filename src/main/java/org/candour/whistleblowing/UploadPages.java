package org.candour.whistleblowing;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CsrfTokens;
import org.candour.org.Organisation;
import org.candour.web.BodyLimitHandler;
import org.candour.web.InMemoryMultipart;

/**
 * The reporter's forms that carry files: a report and an answer. Their bodies are read whole and parsed
 * in memory ({@link InMemoryMultipart}), because Quarkus REST's form handling writes file parts to disk;
 * the CSRF interceptor reads the token from the parsed form. The files are cleaned and shown with what
 * was removed before anything is sent ({@link Drafts}). A handler's reply with files is
 * {@link HandlerUploadPages}.
 */
@Path(BodyLimitHandler.UPLOADS)
@CsrfProtected(CsrfProtected.Scope.FORM)
@Produces(MediaType.TEXT_HTML)
public class UploadPages {

    static final String FILE = "file";

    @Inject
    ReportService reports;

    @Inject
    AttachmentIntake intake;

    @Inject
    CsrfTokens csrf;

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
    public Response report(@PathParam("slug") String slug, InMemoryMultipart form) {
        Organisation o = reports.organisation(slug);
        ReportService.Submission s = ReportPages.submission(form.all("channel"), form.first("category"),
                form.first("from"), form.first("to"), form.first("text"));
        byte[] submission = ReportPages.submissionId(form.first("submissionId"));
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
    public Response answer(InMemoryMultipart form) {
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
}
