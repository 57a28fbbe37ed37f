package org.candour.whistleblowing;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.candour.org.Organisation;
import org.candour.web.Base64Url;
import org.candour.web.ProblemException;

/**
 * The reporter's JSON API (no account): an organisation's open channels, filing a report, and
 * following it up with the receipt. Nothing about the caller is stored or logged.
 */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    @Inject
    ReportService reports;

    @Inject
    ChannelService channels;

    /** A channel as a reporter chooses it. */
    public record ChannelView(String id, String name, String description, List<String> categories, int acknowledgeDays,
            int feedbackDays) {
        static ChannelView of(Channel c) {
            return new ChannelView(c.id.toString(), c.name, c.description, c.categoryList(), c.acknowledgeDays,
                    c.feedbackDays);
        }
    }

    /** A report as sent: channels, category, months (YYYY-MM, optional), what happened, and a random submission id. */
    public record Filing(List<UUID> channels, String category, String from, String to, String text, String submissionId) {
        ReportService.Submission submission() {
            return new ReportService.Submission(channels, category, from, to, text);
        }

        /** The submission id's bytes: 400 unless 16 bytes, base64url. */
        byte[] submissionBytes() {
            byte[] submission = Base64Url.decode("submissionId", submissionId == null ? "" : submissionId);
            if (submission.length != 16) {
                throw ProblemException.badRequest("submissionId: 16 random bytes, base64url, made once per report.");
            }
            return submission;
        }
    }

    /** A follow-up: the receipt, and a message or a channel to escalate to. */
    public record FollowUp(String receipt, String message, UUID channel) {
    }

    @GET
    @Path("{slug}/channels")
    public List<ChannelView> channels(@PathParam("slug") String slug) {
        Organisation o = reports.organisation(slug);
        return channels.views(o.id).stream().filter(ChannelService.View::open).map(v -> ChannelView.of(v.channel()))
                .toList();
    }

    @POST
    @Path("{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response file(@PathParam("slug") String slug, Filing in) {
        if (in == null) {
            throw ProblemException.badRequest("Send the report as JSON: channels, category, from, to, text, submissionId.");
        }
        return receipt(reports.submit(slug, in.submission(), in.submissionBytes()));
    }

    /** Files a report whose files were cleaned and checked ({@code POST /api/uploads/reports/{slug}}). */
    @POST
    @Path("{slug}/draft")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response sendDraft(@PathParam("slug") String slug, DraftIn in) {
        return receipt(reports.sendDraft(slug, in == null ? null : in.draft(), in == null ? null : in.key()));
    }

    /** Sends an answer whose files were cleaned and checked ({@code POST /api/uploads/reports/follow-up}). */
    @POST
    @Path("follow-up/draft")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReportService.ReporterView sendReplyDraft(DraftIn in) {
        return reports.sendReplyDraft(in == null ? null : in.receipt(), in == null ? null : in.draft(),
                in == null ? null : in.key());
    }

    /** One file of the case ({@code files.all[].seq} in the case), as bytes. */
    @POST
    @Path("follow-up/file")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    public Response file(FileIn in) {
        return ReportPages.download(reports.download(in == null ? null : in.receipt(), in == null ? 0 : in.n()));
    }

    /** A draft to send: its id and key as the upload gave them, and for an answer the receipt. */
    public record DraftIn(String receipt, String draft, String key) {
    }

    /** A file to fetch: the receipt and the file's number in the case. */
    public record FileIn(String receipt, int n) {
    }

    private static Response receipt(String receipt) {
        return Response.status(201).entity(Map.of("receipt", receipt, "warning", "Write this receipt down now."
                + " Nobody can recover it: not the handlers, not the union, not Candour.")).build();
    }

    @POST
    @Path("follow-up")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReportService.ReporterView followUp(FollowUp in) {
        return reports.followUp(in == null ? null : in.receipt());
    }

    @POST
    @Path("follow-up/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReportService.ReporterView reply(FollowUp in) {
        return reports.reply(in == null ? null : in.receipt(), in == null ? null : in.message());
    }

    /** The reporter's statement of disclosure, its minisign signature and the organisation's public key file. */
    @POST
    @Path("follow-up/statement")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReportService.Statement statement(FollowUp in) {
        return reports.statement(in == null ? null : in.receipt());
    }

    @POST
    @Path("follow-up/escalate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReportService.ReporterView escalate(FollowUp in) {
        if (in == null || in.channel() == null) {
            throw ProblemException.badRequest("channel: choose the channel to send the case to as well.");
        }
        return reports.escalate(in.receipt(), in.channel());
    }
}
