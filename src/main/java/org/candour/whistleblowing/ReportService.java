package org.candour.whistleblowing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.candour.crypto.DisclosureStatement;
import org.candour.crypto.ReceiptWords;
import org.candour.crypto.ReportKey;
import org.candour.org.Organisation;
import org.candour.publication.PublicationService;
import org.candour.web.ProblemException;

/**
 * The reporter's side: filing a report to chosen channels (sealed to its own key, the key wrapped to
 * each handler and to the receipt), and, with the receipt, reading the case, answering and escalating.
 * Nothing stored or logged says who reported, from where, or when beyond the day.
 */
@ApplicationScoped
public class ReportService {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    @Inject
    WhistleblowingCrypto crypto;

    @Inject
    WhistleblowingConfig config;

    @Inject
    ChannelService channels;

    @Inject
    Cases cases;

    @Inject
    ReceiptThrottle receiptTries;

    @Inject
    Notices notices;

    @Inject
    PublicationService publications;

    @Inject
    Attachments attachments;

    @Inject
    Drafts drafts;

    /** What a reporter sends. Months as YYYY-MM. */
    public record Submission(List<UUID> channels, String category, String from, String to, String text) {
    }

    /** A report as its reporter and its handlers read it. */
    public record Body(List<String> channels, String category, String from, String to, String text) {
    }

    /** The reporter's view of their case: no internal notes, labels or assignee. */
    public record ReporterView(Cases.Meta meta, Body body, List<Cases.Message> messages, Attachments.Files files,
            List<Channel> escalateTo) {
    }

    /**
     * Files a report; returns its receipt (shown once, never stored). A form resent with the same
     * submission id files nothing and is refused (409) without saying anything about the first.
     */
    @Transactional
    public String submit(String organisationSlug, Submission s, byte[] submissionId) {
        return submit(organisationSlug, s, submissionId, List.of());
    }

    /** As {@link #submit(String, Submission, byte[])}, with files already cleaned. */
    @Transactional
    public String submit(String organisationSlug, Submission s, byte[] submissionId, List<AttachmentCleaner.Cleaned> files) {
        Checked c = check(organisationSlug, s, submissionId);
        Organisation o = c.organisation();
        List<Channel> chosen = c.channels();
        Body body = c.body();
        byte[] submission = c.submission();
        String receipt = crypto.words().generate();
        byte[] lookup = crypto.receipts().lookup(receipt);
        byte[] unwrap = crypto.receipts().unwrapKey(receipt);
        ReportKey key = ReportKey.generate();
        UUID id = UUID.randomUUID();
        try {
            em.createNativeQuery("insert into wb_report (id, organisation_id, case_name, lookup, submission, public_key,"
                    + " receipt_wrapped, body, received_on) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)").setParameter(1, id)
                    .setParameter(2, o.id).setParameter(3, caseName()).setParameter(4, lookup).setParameter(5, submission)
                    .setParameter(6, key.publicKey()).setParameter(7, key.wrapForReceipt(unwrap, Cases.aad(id, "receipt")))
                    .setParameter(8, Cases.seal(key.publicKey(), id, "body", bytes(body)))
                    .setParameter(9, java.sql.Date.valueOf(today())).executeUpdate();
            for (Channel ch : chosen) {
                cases.addChannel(id, ch, key, false);
            }
            for (AttachmentCleaner.Cleaned f : files) {
                attachments.add(id, null, Cases.REPORTER, f);
            }
            notices.caseNeedsAttention(id);
        } finally {
            key.wipe();
        }
        return receipt;
    }

    private record Checked(Organisation organisation, List<Channel> channels, Body body, byte[] submission) {
    }

    /** A submission checked as {@link #submit} would, writing nothing: 400, 404 or 409 when it would fail. */
    @Transactional(TxType.SUPPORTS)
    Checked check(String organisationSlug, Submission s, byte[] submissionId) {
        Organisation o = organisation(organisationSlug);
        List<Channel> chosen = chosen(o, s.channels());
        Body body = validate(chosen, s);
        byte[] submission = crypto.submission(submissionId);
        if (((Number) em.createNativeQuery("select count(*) from wb_report where submission = ?1")
                .setParameter(1, submission).getSingleResult()).intValue() > 0) {
            throw ProblemException.conflict("This report was already sent. Use the receipt you were shown then; if you"
                    + " did not see one, write your report again.");
        }
        return new Checked(o, chosen, body, submission);
    }

    /**
     * A report with files, held as a draft until its reporter has seen what was removed from them: checked
     * now as {@link #submit} would, filed by {@link #sendDraft}.
     */
    public Drafts.Ticket draftReport(String organisationSlug, Submission s, byte[] submissionId,
            List<AttachmentCleaner.Cleaned> files) {
        check(organisationSlug, s, submissionId);
        ObjectNode n = JSON.createObjectNode().put("kind", "report").put("organisation", organisationSlug)
                .put("category", s.category()).put("from", s.from()).put("to", s.to()).put("text", s.text())
                .put("submission", submissionId);
        s.channels().forEach(c -> n.withArray("channels").add(c.toString()));
        return drafts.save(draftBytes(n, files));
    }

    /** Files the report a draft holds; returns its receipt. 404 when it was sent already or expired. */
    @Transactional
    public String sendDraft(String organisationSlug, String draftId, String draftKey) {
        JsonNode n = Cases.json(drafts.take(draftId, draftKey));
        if (!"report".equals(n.path("kind").asText()) || !n.path("organisation").asText().equals(organisationSlug)) {
            throw ProblemException.badRequest("draft: send the form as the page gave it.");
        }
        List<UUID> ids = new ArrayList<>();
        n.path("channels").forEach(c -> ids.add(UUID.fromString(c.asText())));
        try {
            return submit(organisationSlug, new Submission(ids, textOf(n, "category"), textOf(n, "from"), textOf(n, "to"),
                    textOf(n, "text")), n.get("submission").binaryValue(), draftFiles(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reply with files, held as a draft until its reporter has seen what was removed ({@link #sendReplyDraft}). */
    public Drafts.Ticket draftReply(String text, List<AttachmentCleaner.Cleaned> files) {
        ObjectNode n = JSON.createObjectNode().put("kind", "reply").put("text", replyText(text, files));
        return drafts.save(draftBytes(n, files));
    }

    /** Sends the reply a draft holds, with the receipt; returns the case as it now stands. */
    @Transactional
    public ReporterView sendReplyDraft(String typedReceipt, String draftId, String draftKey) {
        Opened opened = open(typedReceipt);
        try {
            JsonNode n = Cases.json(drafts.take(draftId, draftKey));
            if (!"reply".equals(n.path("kind").asText())) {
                throw ProblemException.badRequest("draft: send the form as the page gave it.");
            }
            return reply(opened, n.get("text").asText(), draftFiles(n));
        } finally {
            opened.key().wipe();
        }
    }

    /** One file of the case, for its reporter. */
    @Transactional
    public Attachments.File download(String typedReceipt, int seq) {
        Opened opened = open(typedReceipt);
        try {
            return attachments.open(opened.reportId(), seq, opened.key());
        } finally {
            opened.key().wipe();
        }
    }

    private static String textOf(JsonNode n, String field) {
        return n.path(field).isNull() ? null : n.path(field).asText(null);
    }

    private static byte[] draftBytes(ObjectNode n, List<AttachmentCleaner.Cleaned> files) {
        for (AttachmentCleaner.Cleaned f : files) {
            ObjectNode file = n.withArray("files").addObject().put("name", f.fileName()).put("type", f.detectedType())
                    .put("bytes", f.bytes());
            f.removed().forEach(file.putArray("removed")::add);
            f.notes().forEach(file.putArray("notes")::add);
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<AttachmentCleaner.Cleaned> draftFiles(JsonNode n) {
        List<AttachmentCleaner.Cleaned> out = new ArrayList<>();
        try {
            for (JsonNode f : n.path("files")) {
                List<String> removed = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                f.path("removed").forEach(x -> removed.add(x.asText()));
                f.path("notes").forEach(x -> notes.add(x.asText()));
                out.add(new AttachmentCleaner.Cleaned(f.get("bytes").binaryValue(), f.get("type").asText(),
                        f.get("name").asText(), removed, notes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The organisation that takes reports at {@code /report/{slug}}, or a 404. */
    @Transactional(TxType.SUPPORTS)
    public Organisation organisation(String slug) {
        Organisation o = slug == null ? null : Organisation.findBySlug(slug);
        if (o == null) {
            throw ProblemException.notFound("No organisation takes reports at this address.");
        }
        return o;
    }

    /** The case a receipt opens, for its reporter. Throttled over all replicas, recording nobody. */
    @Transactional
    public ReporterView followUp(String typedReceipt) {
        Opened opened = open(typedReceipt);
        try {
            return view(opened);
        } finally {
            opened.key().wipe();
        }
    }

    /** The case as its reporter sees it, with the key already opened. */
    private ReporterView view(Opened opened) {
        Cases.Meta meta = cases.meta(opened.reportId());
        List<Cases.Message> messages = cases.messages(opened.reportId(), opened.key()).stream()
                .filter(m -> !m.author().equals(Cases.NOTE)).toList();
        return new ReporterView(meta.forReporter(), cases.body(opened.reportId(), opened.key()), messages,
                attachments.list(opened.reportId(), opened.key()), escalateTo(meta));
    }

    /** A statement of disclosure and its signature by the organisation's publication key. */
    public record Statement(String text, String signature, String publicKeyFile, String fingerprint) {
    }

    /**
     * The reporter's statement of disclosure: the day received, the channels, and a fingerprint only the
     * holder of receipt and report can recompute, signed (minisign format) with the organisation's
     * publication key, so anyone can check it offline against the key the organisation publishes.
     */
    @Transactional
    public Statement statement(String typedReceipt) {
        Opened opened = open(typedReceipt);
        try {
            Cases.Meta meta = cases.meta(opened.reportId());
            String receipt = crypto.words().canonical(typedReceipt).orElseThrow();
            String text = DisclosureStatement.statement(meta.received(),
                    meta.channelNames().stream().map(n -> n.replace(';', ',').strip()).toList(), receipt,
                    cases.bodyBytes(opened.reportId(), opened.key()));
            PublicationService.Signed signed = publications.sign(meta.organisationId(),
                    text.getBytes(StandardCharsets.UTF_8), "disclosure-statement.txt");
            return new Statement(text, signed.signature(), signed.publicKeyFile(), signed.fingerprint());
        } finally {
            opened.key().wipe();
        }
    }

    /** The reporter answers; returns the case as it now stands. */
    @Transactional
    public ReporterView reply(String typedReceipt, String text) {
        String message = text(text, "message");
        Opened opened = open(typedReceipt);
        try {
            return reply(opened, message, List.of());
        } finally {
            opened.key().wipe();
        }
    }

    private ReporterView reply(Opened opened, String text, List<AttachmentCleaner.Cleaned> files) {
        int seq = cases.append(opened.reportId(), Cases.REPORTER, replyText(text, files), null);
        for (AttachmentCleaner.Cleaned f : files) {
            attachments.add(opened.reportId(), seq, Cases.REPORTER, f);
        }
        notices.caseNeedsAttention(opened.reportId());
        return view(opened);
    }

    /** A message's text: required, unless files come with it. */
    String replyText(String text, List<AttachmentCleaner.Cleaned> files) {
        return files.isEmpty() || (text != null && !text.isBlank()) ? text(text, "message") : "";
    }

    /** A reporter whose case is overdue sends it to another channel of the organisation too. */
    @Transactional
    public ReporterView escalate(String typedReceipt, UUID channelId) {
        Opened opened = open(typedReceipt);
        try {
            Cases.Meta meta = cases.meta(opened.reportId());
            Channel target = escalateTo(meta).stream().filter(c -> c.id.equals(channelId)).findFirst()
                    .orElseThrow(() -> ProblemException.conflict("This case can be sent to another channel only when an"
                            + " answer is overdue, and only to a channel of the same organisation that does not have it."));
            cases.addChannel(opened.reportId(), target, opened.key(), true);
            notices.caseNeedsAttention(opened.reportId());
            return view(opened);
        } finally {
            opened.key().wipe();
        }
    }

    private record Opened(UUID reportId, ReportKey key) {
    }

    private Opened open(String typedReceipt) {
        Optional<String> receipt = crypto.words().canonical(typedReceipt == null ? "" : typedReceipt);
        if (receipt.isEmpty()) {
            throw ProblemException.badRequest("A receipt is " + ReceiptWords.WORDS + " words from"
                    + " Candour's word list, as you were shown them. Check each word and try again.");
        }
        receiptTries.acquire();
        List<?> rows = em.createNativeQuery("select id, receipt_wrapped from wb_report where lookup = ?1")
                .setParameter(1, crypto.receipts().lookup(receipt.get())).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("No report has this receipt. Check each word; if the case was concluded long"
                    + " ago it may have been deleted.");
        }
        Object[] row = (Object[]) rows.get(0);
        UUID id = row[0] instanceof UUID u ? u : UUID.fromString(row[0].toString());
        return new Opened(id, ReportKey.unwrapForReceipt(crypto.receipts().unwrapKey(receipt.get()), Cases.aad(id,
                "receipt"), (byte[]) row[1]));
    }

    /** Channels the reporter may add: when an answer is overdue, every open channel the case is not in. */
    private List<Channel> escalateTo(Cases.Meta meta) {
        if (!meta.acknowledgementOverdue() && !meta.feedbackOverdue()) {
            return List.of();
        }
        return channels.views(meta.organisationId()).stream().filter(ChannelService.View::open)
                .map(ChannelService.View::channel).filter(c -> !meta.channelIds().contains(c.id)).toList();
    }

    private List<Channel> chosen(Organisation o, List<UUID> ids) {
        Set<UUID> wanted = new LinkedHashSet<>(ids == null ? List.of() : ids);
        if (wanted.isEmpty()) {
            throw ProblemException.badRequest("channels: choose at least one channel to send your report to.");
        }
        List<Channel> out = new ArrayList<>();
        for (ChannelService.View v : channels.views(o.id)) {
            if (wanted.remove(v.channel().id)) {
                if (!v.open()) {
                    throw ProblemException.conflict("The channel '" + v.channel().name + "' cannot receive reports yet:"
                            + " none of its handlers has set up a key.");
                }
                out.add(v.channel());
            }
        }
        if (!wanted.isEmpty()) {
            throw ProblemException.badRequest("channels: choose channels of this organisation.");
        }
        return out;
    }

    private Body validate(List<Channel> chosen, Submission s) {
        List<String> problems = new ArrayList<>();
        Set<String> categories = new LinkedHashSet<>();
        chosen.forEach(c -> categories.addAll(c.categoryList()));
        String category = s.category() == null ? "" : s.category().strip();
        if (!categories.contains(category)) {
            problems.add("category: choose one of the categories the chosen channels list.");
        }
        YearMonth from = month(s.from(), "from", problems);
        YearMonth to = month(s.to(), "to", problems);
        YearMonth now = YearMonth.now(Cases.ZONE);
        if (from != null && to != null && (from.isAfter(to) || to.isAfter(now))) {
            problems.add("to: the months run from the first to the last, and not beyond this month.");
        }
        String text;
        try {
            text = text(s.text(), "text");
        } catch (ProblemException e) {
            problems.add(e.getMessage());
            text = "";
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "The report was not sent: " + String.join(" ", problems), problems);
        }
        return new Body(chosen.stream().map(c -> c.name).toList(), category, from == null ? "" : from.toString(),
                to == null ? "" : to.toString(), text);
    }

    /** Optional months: empty, or YYYY-MM. */
    private static YearMonth month(String value, String field, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(field + ": a month as YYYY-MM, such as 2026-03.");
            return null;
        }
    }

    String text(String value, String field) {
        String t = value == null ? "" : value.strip();
        if (t.isEmpty()) {
            throw ProblemException.badRequest(field + ": write what happened.");
        }
        if (t.codePointCount(0, t.length()) > config.maxTextLength()) {
            throw ProblemException.badRequest(field + ": at most " + config.maxTextLength() + " characters.");
        }
        if (t.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t')) {
            throw ProblemException.badRequest(field + ": remove the control characters.");
        }
        return t;
    }

    /** A random case name for handlers, such as "Amber Falcon 42": nothing of the reporter or receipt in it. */
    private String caseName() {
        for (int attempt = 0; attempt < 20; attempt++) {
            String[] w = crypto.words().generate().split(" ");
            String name = cap(w[0]) + " " + cap(w[1]) + " " + (10 + new java.security.SecureRandom().nextInt(90));
            if (((Number) em.createNativeQuery("select count(*) from wb_report where case_name = ?1").setParameter(1, name)
                    .getSingleResult()).intValue() == 0) {
                return name;
            }
        }
        throw new IllegalStateException("no free case name");
    }

    private static String cap(String w) {
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    static byte[] bytes(Body b) {
        ObjectNode n = JSON.createObjectNode();
        n.putPOJO("channels", b.channels());
        n.put("category", b.category()).put("from", b.from()).put("to", b.to()).put("text", b.text());
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Body body(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<String> names = new ArrayList<>();
            n.get("channels").forEach(c -> names.add(c.asText()));
            return new Body(names, n.get("category").asText(), n.get("from").asText(), n.get("to").asText(),
                    n.get("text").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static LocalDate today() {
        return LocalDate.now(Cases.ZONE);
    }
}
