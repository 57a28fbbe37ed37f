package org.candour.whistleblowing;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.candour.auth.CsrfProtected;
import org.candour.auth.CsrfTokens;
import org.candour.crypto.ReceiptWords;
import org.candour.org.Organisation;
import org.candour.web.Base64Url;
import org.candour.web.BodyLimitHandler;
import org.candour.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The reporter's pages (no account, no JavaScript needed): choose an organisation and channels, write
 * the report, get the receipt with a forced "I have written it down" step, and follow the case up with
 * the receipt. Each form carries its own CSRF cookie, scoped to its action; no other cookie is set.
 */
@Path("/report")
@CsrfProtected(CsrfProtected.Scope.FORM)
@Produces(MediaType.TEXT_HTML)
public class ReportPages {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ReportService reports;

    @Inject
    ChannelService channels;

    @Inject
    CsrfTokens csrf;

    /** The forms of a case page, each with its token. */
    public record CaseForms(String receipt, String replyToken, String escalateToken, String statementToken,
            String fileToken) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance organisations(List<Organisation> organisations);

        static native TemplateInstance form(Organisation organisation, List<Channel> channels, List<String> categories,
                String csrfToken, String submissionId);

        static native TemplateInstance receipt(Organisation organisation, List<String> words, String csrfToken);

        static native TemplateInstance followUp(String csrfToken);

        static native TemplateInstance thread(ReportService.ReporterView view, CaseForms forms);
    }

    @GET
    public TemplateInstance organisations() {
        List<Organisation> open = new ArrayList<>();
        for (Organisation o : Organisation.<Organisation>list("order by name")) {
            if (channels.views(o.id).stream().anyMatch(ChannelService.View::open)) {
                open.add(o);
            }
        }
        return Templates.organisations(open);
    }

    @GET
    @Path("{slug: [a-z0-9][a-z0-9-]{1,62}}")
    public TemplateInstance form(@PathParam("slug") String slug) {
        Organisation o = reports.organisation(slug);
        List<Channel> open = channels.views(o.id).stream().filter(ChannelService.View::open)
                .map(ChannelService.View::channel).toList();
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        open.forEach(c -> categories.addAll(c.categoryList()));
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return Templates.form(o, open, List.copyOf(categories), csrf.formToken(BodyLimitHandler.UPLOADS + "report/" + slug),
                Base64Url.encode(id));
    }

    @POST
    @Path("{slug: [a-z0-9][a-z0-9-]{1,62}}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response file(@PathParam("slug") String slug, @RestForm("_csrf") String token,
            @RestForm("channel") List<String> channelIds, @RestForm String category, @RestForm String from,
            @RestForm String to, @RestForm String text, @RestForm String submissionId) {
        Organisation o = reports.organisation(slug);
        return receipt(o, reports.submit(slug, submission(channelIds, category, from, to, text),
                submissionId(submissionId)), csrf);
    }

    /** The report form's fields as a submission; 400 for a channel id that is not one from the list. */
    static ReportService.Submission submission(List<String> channelIds, String category, String from, String to,
            String text) {
        List<UUID> ids = new ArrayList<>();
        for (String id : channelIds == null ? List.<String>of() : channelIds) {
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("channel: choose channels from the list.");
            }
        }
        return new ReportService.Submission(ids, category, from, to, text);
    }

    /** The form's random submission id; 400 when it is not base64url. */
    static byte[] submissionId(String value) {
        return Base64Url.decode("submissionId", value == null ? "" : value);
    }

    /** Sends a report whose files the reporter has checked ({@link UploadPages#report}). */
    @POST
    @Path("{slug: [a-z0-9][a-z0-9-]{1,62}}/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirm(@PathParam("slug") String slug, @RestForm("_csrf") String token, @RestForm String draft,
            @RestForm String key) {
        Organisation o = reports.organisation(slug);
        return receipt(o, reports.sendDraft(slug, draft, key), csrf);
    }

    /** The receipt page, once, after a report is filed. */
    static Response receipt(Organisation o, String receipt, CsrfTokens csrf) {
        return Response.status(201).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(Templates.receipt(o,
                List.of(receipt.split(" ")), csrf.formToken("/report/written-down")).render()).build();
    }

    /** The forced step after the receipt: only a ticked "I have written it down" leads on. */
    @POST
    @Path("written-down")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response writtenDown(@RestForm("_csrf") String token, @RestForm String confirmed) {
        if (!"yes".equals(confirmed)) {
            throw ProblemException.badRequest("Tick \"I have written down my receipt\": without it nobody, not even"
                    + " you, can open your report again. Go back and write it down.");
        }
        return Response.seeOther(java.net.URI.create("/report/follow-up")).build();
    }

    @GET
    @Path("follow-up")
    public TemplateInstance followUpForm() {
        return Templates.followUp(csrf.formToken("/report/follow-up"));
    }

    @POST
    @Path("follow-up")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance followUp(@RestForm("_csrf") String token, @RestForm String receipt) {
        return thread(reports.followUp(receipt), receipt);
    }

    @POST
    @Path("follow-up/reply")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance reply(@RestForm("_csrf") String token, @RestForm String receipt, @RestForm String message) {
        return thread(reports.reply(receipt, message), receipt);
    }

    /** Sends an answer whose files the reporter has checked ({@link UploadPages#answer}). */
    @POST
    @Path("follow-up/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance confirmAnswer(@RestForm("_csrf") String token, @RestForm String receipt,
            @RestForm String draft, @RestForm String key) {
        return thread(reports.sendReplyDraft(receipt, draft, key), receipt);
    }

    /** One file of the case, to save. */
    @POST
    @Path("follow-up/file")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.WILDCARD)
    public Response file(@RestForm("_csrf") String token, @RestForm String receipt, @RestForm String n) {
        return download(reports.download(receipt, fileNumber(n)));
    }

    static int fileNumber(String n) {
        try {
            return Integer.parseInt(n == null ? "" : n.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("n: the number of a file of this case.");
        }
    }

    /** A file as a download: never shown inline, whatever it is. */
    static Response download(Attachments.File f) {
        String ascii = f.name().replaceAll("[^A-Za-z0-9 ._()-]", "_");
        return Response.ok(f.bytes(), "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(f.name(), StandardCharsets.UTF_8).replace("+", "%20"))
                .header("Content-Security-Policy", "sandbox").header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("follow-up/escalate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance escalate(@RestForm("_csrf") String token, @RestForm String receipt,
            @RestForm String channel) {
        UUID id;
        try {
            id = UUID.fromString(channel == null ? "" : channel);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("channel: choose a channel from the list.");
        }
        return thread(reports.escalate(receipt, id), receipt);
    }

    /** The statement of disclosure, or its signature, as a file to keep. */
    @POST
    @Path("follow-up/statement")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/plain; charset=utf-8")
    public Response statement(@RestForm("_csrf") String token, @RestForm String receipt, @RestForm String file) {
        ReportService.Statement s = reports.statement(receipt);
        boolean signature = "signature".equals(file);
        return Response.ok(signature ? s.signature() : s.text()).header("Content-Disposition", "attachment; filename=\""
                + (signature ? "disclosure-statement.txt.minisig" : "disclosure-statement.txt") + "\"").build();
    }

    private TemplateInstance thread(ReportService.ReporterView view, String receipt) {
        return thread(view, receipt, csrf);
    }

    /** The case as its reporter sees it, with its forms. */
    static TemplateInstance thread(ReportService.ReporterView view, String receipt, CsrfTokens csrf) {
        String canonical = ReceiptWords.shipped().canonical(receipt).orElse("");
        return Templates.thread(view, new CaseForms(canonical, csrf.formToken(BodyLimitHandler.UPLOADS + "follow-up"),
                csrf.formToken("/report/follow-up/escalate"), csrf.formToken("/report/follow-up/statement"),
                csrf.formToken("/report/follow-up/file")));
    }
}
