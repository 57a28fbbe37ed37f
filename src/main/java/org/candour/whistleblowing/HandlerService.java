package org.candour.whistleblowing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.candour.account.Role;
import org.candour.account.StaffPrincipal;
import org.candour.crypto.HandlerKeys;
import org.candour.crypto.ReportKey;
import org.candour.web.ProblemException;

/**
 * The handler's side: their key pair (private half sealed under their passphrase and a recovery key),
 * the cases of their channels with their clocks, opening a case with their passphrase, replying,
 * internal notes, status, assignment and labels. Nothing here identifies a reporter.
 */
@ApplicationScoped
public class HandlerService {

    @Inject
    EntityManager em;

    @Inject
    WhistleblowingCrypto crypto;

    @Inject
    Cases cases;

    @Inject
    ReportService reports;

    @Inject
    Attachments attachments;

    /** The most labels a case carries, and the longest a label may be. */
    public static final int MAX_LABELS = 10;
    public static final int MAX_LABEL_LENGTH = 40;
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N} -]+");

    /** A handler a case can be assigned to: a handler of one of its channels. */
    public record Assignable(UUID id, String name) {
    }

    /** An opened case: everything in it, notes included. */
    public record Opened(Cases.Meta meta, ReportService.Body body, List<Cases.Message> messages,
            Attachments.Files files) {
    }

    @Transactional(TxType.SUPPORTS)
    public boolean hasKey(StaffPrincipal actor) {
        return em.find(HandlerKey.class, actor.accountId()) != null;
    }

    /** Makes the handler's key pair; returns the recovery key, shown once and kept nowhere. */
    @Transactional
    public String createKey(StaffPrincipal actor, String passphrase, String repeated) {
        handler(actor);
        if (hasKey(actor)) {
            throw ProblemException.conflict("You already have a key. Use your recovery key if you lost your passphrase.");
        }
        if (passphrase == null || !passphrase.equals(repeated)) {
            throw ProblemException.badRequest("passphrase: the two passphrases differ.");
        }
        HandlerKeys.Created created;
        try {
            created = crypto.handlerKeys().create(passphrase.toCharArray(), aad(actor.accountId()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("passphrase: " + e.getMessage());
        }
        HandlerKey k = new HandlerKey();
        k.accountId = actor.accountId();
        k.publicKey = created.publicKey();
        k.sealedByPassphrase = created.sealedByPassphrase();
        k.sealedByRecovery = created.sealedByRecovery();
        k.createdOn = ReportService.today();
        k.persist();
        return created.recoveryKey();
    }

    /**
     * A handler who forgot their key passphrase opens their key with the recovery key and chooses a new
     * passphrase; returns the NEW recovery key (the old one no longer opens anything).
     */
    @Transactional
    public String recover(StaffPrincipal actor, String recoveryKey, String passphrase, String repeated) {
        handler(actor);
        HandlerKey k = em.find(HandlerKey.class, actor.accountId());
        if (k == null) {
            throw ProblemException.conflict("You have no key yet: set one up instead.");
        }
        if (passphrase == null || !passphrase.equals(repeated)) {
            throw ProblemException.badRequest("passphrase: the two passphrases differ.");
        }
        byte[] privateKey;
        try {
            privateKey = crypto.handlerKeys().openWithRecovery(recoveryKey == null ? "" : recoveryKey,
                    aad(actor.accountId()), k.sealedByRecovery);
        } catch (RuntimeException e) {
            throw new ProblemException(403, "That is not your recovery key.");
        }
        try {
            HandlerKeys.Created created = crypto.handlerKeys().reseal(privateKey, passphrase.toCharArray(),
                    aad(actor.accountId()));
            k.sealedByPassphrase = created.sealedByPassphrase();
            k.sealedByRecovery = created.sealedByRecovery();
            return created.recoveryKey();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("passphrase: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(privateKey, (byte) 0);
        }
    }

    /** The cases this handler may open, most urgent first: overdue, then by the next clock. */
    @Transactional(TxType.SUPPORTS)
    public List<Cases.Meta> list(StaffPrincipal actor) {
        return list(actor, false);
    }

    /** As {@link #list(StaffPrincipal)}; with {@code assignedToMe}, only the cases assigned to this handler. */
    @Transactional(TxType.SUPPORTS)
    public List<Cases.Meta> list(StaffPrincipal actor, boolean assignedToMe) {
        handler(actor);
        List<Cases.Meta> out = new ArrayList<>();
        for (Object id : em.createNativeQuery("select k.report_id from wb_report_key k join wb_report r on r.id = k.report_id"
                + " where k.account_id = ?1 and (not cast(?2 as boolean) or r.assignee = ?1)")
                .setParameter(1, actor.accountId()).setParameter(2, assignedToMe).getResultList()) {
            out.add(cases.meta(Cases.uuid(id)));
        }
        out.sort(java.util.Comparator.comparing((Cases.Meta m) -> !m.overdue())
                .thenComparing(m -> "concluded".equals(m.status())).thenComparing(Cases.Meta::acknowledgeBy));
        return out;
    }

    @Transactional(TxType.SUPPORTS)
    public Cases.Meta meta(StaffPrincipal actor, UUID reportId) {
        wrapped(actor, reportId);
        return cases.meta(reportId);
    }

    /**
     * Opens a case with the handler's passphrase: the private key lives only for this call. The case's
     * key is then wrapped for every handler of its channels who has a key and lacks it (a handler added
     * to a channel later), so a case is not lost with one handler's passphrase.
     */
    @Transactional
    public Opened open(StaffPrincipal actor, UUID reportId, String passphrase) {
        ReportKey key = unlock(actor, reportId, passphrase);
        try {
            for (UUID channelId : cases.meta(reportId).channelIds()) {
                cases.addChannel(reportId, Channel.findById(channelId), key, false);
            }
            return new Opened(cases.meta(reportId), cases.body(reportId, key), cases.messages(reportId, key),
                    attachments.list(reportId, key));
        } finally {
            key.wipe();
        }
    }

    /** One file of a case, opened with the handler's passphrase. */
    @Transactional
    public Attachments.File download(StaffPrincipal actor, UUID reportId, String passphrase, int seq) {
        ReportKey key = unlock(actor, reportId, passphrase);
        try {
            return attachments.open(reportId, seq, key);
        } finally {
            key.wipe();
        }
    }

    /** The case's key, with the handler's passphrase; 403 for a wrong one. The caller wipes it. */
    private ReportKey unlock(StaffPrincipal actor, UUID reportId, String passphrase) {
        byte[] wrapped = wrapped(actor, reportId);
        HandlerKey k = em.find(HandlerKey.class, actor.accountId());
        byte[] privateKey;
        try {
            privateKey = crypto.handlerKeys().open(passphrase == null ? new char[0] : passphrase.toCharArray(),
                    aad(actor.accountId()), k.sealedByPassphrase);
        } catch (RuntimeException e) {
            throw new ProblemException(403, "That is not your key passphrase.");
        }
        try {
            return ReportKey.unwrapForHandler(privateKey, Cases.aad(reportId, "handler|" + actor.accountId()), wrapped);
        } finally {
            java.util.Arrays.fill(privateKey, (byte) 0);
        }
    }

    /** A reply to the reporter (the first one is the feedback the clock asks for; it also acknowledges). */
    @Transactional
    public void reply(StaffPrincipal actor, UUID reportId, String text) {
        reply(actor, reportId, text, List.of());
    }

    /** A reply with files already cleaned (the text may then be empty). */
    @Transactional
    public void reply(StaffPrincipal actor, UUID reportId, String text, List<AttachmentCleaner.Cleaned> files) {
        wrapped(actor, reportId);
        int seq = cases.append(reportId, Cases.HANDLER, reports.replyText(text, files), null);
        for (AttachmentCleaner.Cleaned f : files) {
            attachments.add(reportId, seq, Cases.HANDLER, f);
        }
        em.createNativeQuery("update wb_report set feedback_on = coalesce(feedback_on, cast(?2 as date)),"
                + " acknowledged_on = coalesce(acknowledged_on, cast(?2 as date)),"
                + " status = case when status = 'new' then 'acknowledged' else status end where id = ?1")
                .setParameter(1, reportId).setParameter(2, Date.valueOf(ReportService.today())).executeUpdate();
    }

    /** An internal note: sealed like every message, never shown to the reporter. */
    @Transactional
    public void note(StaffPrincipal actor, UUID reportId, String text) {
        wrapped(actor, reportId);
        cases.append(reportId, Cases.NOTE, reports.text(text, "note"), actor.displayName());
    }

    /**
     * Moves the case: new → acknowledged → assessing → investigating → concluded. Concluding takes the
     * case's category of wrongdoing from its channels' lists (the handler confirms or corrects the
     * reporter's): the only time a category is recorded unsealed, for the statistics.
     */
    @Transactional
    public void status(StaffPrincipal actor, UUID reportId, String status, String category) {
        wrapped(actor, reportId);
        if (!Cases.STATUSES.contains(status)) {
            throw ProblemException.badRequest("status: one of " + String.join(", ", Cases.STATUSES) + ".");
        }
        Cases.Meta m = cases.meta(reportId);
        if ("concluded".equals(m.status())) {
            throw ProblemException.conflict("This case is concluded.");
        }
        boolean concluding = "concluded".equals(status);
        String chosen = category == null ? "" : category.strip();
        if (concluding && !categories(reportId).contains(chosen)) {
            throw ProblemException.badRequest("category: to conclude the case, choose its category from its channels'"
                    + " list.");
        }
        Number retention = (Number) em.createNativeQuery("select max(c.retention_days) from wb_report_channel rc join"
                + " wb_channel c on c.id = rc.channel_id where rc.report_id = ?1").setParameter(1, reportId).getSingleResult();
        Date today = Date.valueOf(ReportService.today());
        em.createNativeQuery("update wb_report set status = cast(?2 as text),"
                + " acknowledged_on = case when cast(?2 as text) <> 'new' then coalesce(acknowledged_on, cast(?3 as date))"
                + " else acknowledged_on end,"
                + " concluded_on = case when cast(?2 as text) = 'concluded' then cast(?3 as date) else null end,"
                + " keep_until = case when cast(?2 as text) = 'concluded' then cast(?4 as date) else null end,"
                + " category = case when cast(?2 as text) = 'concluded' then cast(?5 as text) else null end where id = ?1")
                .setParameter(1, reportId).setParameter(2, status).setParameter(3, today)
                .setParameter(4, Date.valueOf(Clocks.keepUntil(ReportService.today(), retention.intValue())))
                .setParameter(5, chosen).executeUpdate();
    }

    /** The categories a case can be concluded under: its channels' lists, in order, each once. */
    @Transactional(TxType.SUPPORTS)
    public List<String> categories(StaffPrincipal actor, UUID reportId) {
        wrapped(actor, reportId);
        return categories(reportId);
    }

    private List<String> categories(UUID reportId) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (UUID channelId : cases.meta(reportId).channelIds()) {
            Channel c = Channel.findById(channelId);
            out.addAll(c.categoryList());
        }
        return List.copyOf(out);
    }

    /** Keeps a concluded case 30 days longer than its retention would (handlers are warned before). */
    @Transactional
    public void postpone(StaffPrincipal actor, UUID reportId) {
        wrapped(actor, reportId);
        int n = em.createNativeQuery("update wb_report set keep_until = keep_until + 30 where id = ?1"
                + " and status = 'concluded'").setParameter(1, reportId).executeUpdate();
        if (n == 0) {
            throw ProblemException.conflict("Only a concluded case is waiting to be deleted.");
        }
    }

    /**
     * The handlers the case can be assigned to: every account with the HANDLER role that handles one of
     * its channels, by name.
     */
    @Transactional(TxType.SUPPORTS)
    public List<Assignable> assignable(StaffPrincipal actor, UUID reportId) {
        wrapped(actor, reportId);
        return assignableTo(reportId);
    }

    /**
     * Assigns the case to one handler of its channels, or to nobody ({@code assignee} null or blank). Only
     * a handler of one of the case's channels may; it says nothing about the reporter.
     */
    @Transactional
    public void assign(StaffPrincipal actor, UUID reportId, String assignee) {
        ofItsChannels(actor, reportId);
        UUID to = null;
        if (assignee != null && !assignee.isBlank()) {
            try {
                to = UUID.fromString(assignee.strip());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("assignee: choose a handler of the case's channels.");
            }
            UUID chosen = to;
            if (assignableTo(reportId).stream().noneMatch(a -> a.id().equals(chosen))) {
                throw ProblemException.badRequest("assignee: choose a handler of the case's channels.");
            }
        }
        if (to == null) {
            em.createNativeQuery("update wb_report set assignee = null where id = ?1").setParameter(1, reportId)
                    .executeUpdate();
        } else {
            em.createNativeQuery("update wb_report set assignee = ?2 where id = ?1").setParameter(1, reportId)
                    .setParameter(2, to).executeUpdate();
        }
    }

    /**
     * Sets the case's labels (replacing them): at most {@value #MAX_LABELS}, each 1 to
     * {@value #MAX_LABEL_LENGTH} letters, digits, spaces or hyphens, spaces collapsed, repeats dropped.
     * Labels are stored in the clear: they are the handlers' words, not the report's.
     */
    @Transactional
    public List<String> label(StaffPrincipal actor, UUID reportId, List<String> labels) {
        ofItsChannels(actor, reportId);
        List<String> clean = labels(labels);
        em.createNativeQuery("update wb_report set labels = case when cast(?2 as text) = '' then cast('{}' as text[])"
                + " else string_to_array(cast(?2 as text), chr(10)) end where id = ?1").setParameter(1, reportId)
                .setParameter(2, String.join("\n", clean)).executeUpdate();
        return clean;
    }

    /**
     * Labels as typed, checked; a clear 400 naming the field and the label's place for anything else (never
     * quoting it, so that nothing a handler typed reaches an error message or a log).
     */
    static List<String> labels(List<String> labels) {
        List<String> in = labels == null ? List.of() : labels;
        List<String> problems = new ArrayList<>();
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        for (int i = 0; i < in.size() && problems.size() < MAX_LABELS; i++) {
            String label = in.get(i) == null ? "" : in.get(i).strip().replaceAll("\\s+", " ");
            String which = "labels: label " + (i + 1);
            if (label.isEmpty()) {
                problems.add(which + " is empty.");
            } else if (label.length() > MAX_LABEL_LENGTH) {
                problems.add(which + " is longer than " + MAX_LABEL_LENGTH + " characters.");
            } else if (!LABEL.matcher(label).matches()) {
                problems.add(which + " may hold only letters, digits, spaces and hyphens.");
            } else {
                clean.add(label);
            }
        }
        if (clean.size() > MAX_LABELS) {
            problems.add("labels: at most " + MAX_LABELS + " labels.");
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(400, problems.get(0), problems);
        }
        return List.copyOf(clean);
    }

    private List<Assignable> assignableTo(UUID reportId) {
        List<Assignable> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("select distinct a.id, a.display_name from wb_report_channel rc"
                + " join wb_channel_handler h on h.channel_id = rc.channel_id join staff_account a on a.id = h.account_id"
                + " join staff_account_role ar on ar.account_id = a.id and ar.role = 'HANDLER'"
                + " where rc.report_id = ?1 order by a.display_name").setParameter(1, reportId).getResultList()) {
            Object[] r = (Object[]) o;
            out.add(new Assignable(Cases.uuid(r[0]), (String) r[1]));
        }
        return out;
    }

    /**
     * Refuses (404) a handler who may not open the case, and (403) one who may but no longer handles
     * any of its channels: only the case's channels' handlers assign and label it.
     */
    private void ofItsChannels(StaffPrincipal actor, UUID reportId) {
        wrapped(actor, reportId);
        if (assignableTo(reportId).stream().noneMatch(a -> a.id().equals(actor.accountId()))) {
            throw new ProblemException(403, "Only handlers of the case's channels assign or label it.");
        }
    }

    /** The case's wrapped key for this handler: refused (404) when they may not open it. */
    private byte[] wrapped(StaffPrincipal actor, UUID reportId) {
        handler(actor);
        List<?> rows = em.createNativeQuery("select wrapped from wb_report_key where report_id = ?1 and account_id = ?2")
                .setParameter(1, reportId).setParameter(2, actor.accountId()).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("No such case among yours.");
        }
        return (byte[]) rows.get(0);
    }

    private static void handler(StaffPrincipal actor) {
        if (actor.accountId() == null || !actor.roles().contains(Role.HANDLER)) {
            throw new ProblemException(403, "Only handlers read reports.");
        }
    }

    private static byte[] aad(UUID accountId) {
        return ("candour/wb-handler-key/v1|" + accountId).getBytes(StandardCharsets.UTF_8);
    }
}
