package org.candour.whistleblowing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.candour.crypto.Padme;
import org.candour.crypto.ReportKey;
import org.candour.web.ProblemException;

/**
 * The store of {@code wb_report}, {@code wb_report_channel}, {@code wb_report_key} and
 * {@code wb_message} (V19): a case's facts and clocks, its sealed body and dialogue, and who may
 * open it. Days only.
 */
@ApplicationScoped
public class Cases {

    /** Days are the union's days. */
    public static final ZoneId ZONE = ZoneId.of("Europe/London");
    public static final String REPORTER = "reporter";
    public static final String HANDLER = "handler";
    public static final String NOTE = "note";
    public static final List<String> STATUSES = List.of("new", "acknowledged", "assessing", "investigating", "concluded");

    @Inject
    EntityManager em;

    /** A case's facts and clocks, without anything sealed. */
    public record Meta(UUID id, UUID organisationId, String caseName, String status, LocalDate received,
            LocalDate acknowledgeBy, LocalDate feedbackBy, LocalDate acknowledgedOn, LocalDate feedbackOn,
            LocalDate concludedOn, LocalDate keepUntil, boolean acknowledgementOverdue, boolean feedbackOverdue,
            List<UUID> channelIds, List<String> channelNames, List<String> labels, UUID assignee,
            String assigneeName, String category) {
        public boolean overdue() {
            return acknowledgementOverdue || feedbackOverdue;
        }

        /** A concluded case deleted within two weeks: handlers are warned. */
        public boolean deletionSoon() {
            return Clocks.deletionSoon(keepUntil, ReportService.today());
        }

        /**
         * The same facts without what only handlers see: their labels, who is assigned, and the category
         * recorded at conclusion.
         */
        public Meta forReporter() {
            return new Meta(id, organisationId, caseName, status, received, acknowledgeBy, feedbackBy, acknowledgedOn,
                    feedbackOn, concludedOn, keepUntil, acknowledgementOverdue, feedbackOverdue, channelIds,
                    channelNames, List.of(), null, null, null);
        }
    }

    /** One message: by the reporter, a handler (to the reporter) or an internal note (handlers only). */
    public record Message(int seq, String author, String text, String by, LocalDate sentOn) {
    }

    static byte[] aad(UUID reportId, String purpose) {
        return ("candour/wb/v1|" + reportId + "|" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    /** Seals to a report's public key, padded (Padmé) so the stored length says little of the original. */
    static byte[] seal(byte[] reportPublicKey, UUID reportId, String purpose, byte[] plaintext) {
        return ReportKey.sealTo(reportPublicKey, aad(reportId, purpose), Padme.pad(plaintext));
    }

    /** Opens what {@link #seal} sealed. */
    static byte[] open(ReportKey key, UUID reportId, String purpose, byte[] sealed) {
        return Padme.unpad(key.open(aad(reportId, purpose), sealed));
    }

    @Transactional(TxType.SUPPORTS)
    public Meta meta(UUID reportId) {
        List<?> rows = em.createNativeQuery("select r.organisation_id, r.case_name, r.status, r.received_on,"
                + " r.acknowledged_on, r.feedback_on, r.concluded_on, r.keep_until, r.assignee, r.labels,"
                + " min(c.acknowledge_days), min(c.feedback_days), a.display_name, r.category"
                + " from wb_report r join wb_report_channel rc on rc.report_id = r.id join wb_channel c on c.id = rc.channel_id"
                + " left join staff_account a on a.id = r.assignee"
                + " where r.id = ?1 group by r.id, a.display_name").setParameter(1, reportId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("No such case.");
        }
        Object[] r = (Object[]) rows.get(0);
        LocalDate received = day(r[3]);
        LocalDate acknowledged = day(r[4]);
        LocalDate feedback = day(r[5]);
        List<UUID> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Object o : em.createNativeQuery("select c.id, c.name from wb_report_channel rc join wb_channel c on"
                + " c.id = rc.channel_id where rc.report_id = ?1 order by c.name").setParameter(1, reportId).getResultList()) {
            Object[] c = (Object[]) o;
            ids.add(uuid(c[0]));
            names.add((String) c[1]);
        }
        String status = (String) r[2];
        Clocks clocks = Clocks.of(received, ((Number) r[10]).intValue(), ((Number) r[11]).intValue(), acknowledged,
                feedback, "concluded".equals(status), ReportService.today());
        return new Meta(reportId, uuid(r[0]), (String) r[1], status, received, clocks.acknowledgeBy(),
                clocks.feedbackBy(), acknowledged, feedback, day(r[6]), day(r[7]), clocks.acknowledgementOverdue(),
                clocks.feedbackOverdue(), ids, names,
                r[9] == null ? List.of() : Arrays.asList((String[]) r[9]), r[8] == null ? null : uuid(r[8]),
                (String) r[12], (String) r[13]);
    }

    /** The report itself, opened with its key. */
    public ReportService.Body body(UUID reportId, ReportKey key) {
        byte[] sealed = (byte[]) em.createNativeQuery("select body from wb_report where id = ?1").setParameter(1, reportId)
                .getSingleResult();
        return ReportService.body(open(key, reportId, "body", sealed));
    }

    /** The report's plaintext as it was sealed (the bytes a statement of disclosure fingerprints). */
    public byte[] bodyBytes(UUID reportId, ReportKey key) {
        byte[] sealed = (byte[]) em.createNativeQuery("select body from wb_report where id = ?1").setParameter(1, reportId)
                .getSingleResult();
        return open(key, reportId, "body", sealed);
    }

    /** Every message of the case, oldest first, opened with its key. */
    public List<Message> messages(UUID reportId, ReportKey key) {
        List<Message> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("select seq, author, sealed, sent_on from wb_message where report_id = ?1"
                + " order by seq").setParameter(1, reportId).getResultList()) {
            Object[] r = (Object[]) o;
            int seq = ((Number) r[0]).intValue();
            String author = (String) r[1];
            JsonNode n = json(open(key, reportId, "message|" + seq + "|" + author, (byte[]) r[2]));
            out.add(new Message(seq, author, n.get("text").asText(), n.path("by").asText(""), day(r[3])));
        }
        return out;
    }

    /** Appends a message sealed to the case's public key (no private key is needed to write); returns its number. */
    @Transactional(TxType.MANDATORY)
    public int append(UUID reportId, String author, String text, String by) {
        byte[] publicKey = (byte[]) em.createNativeQuery("select public_key from wb_report where id = ?1 for update")
                .setParameter(1, reportId).getSingleResult();
        int seq = ((Number) em.createNativeQuery("select coalesce(max(seq), 0) + 1 from wb_message where report_id = ?1")
                .setParameter(1, reportId).getSingleResult()).intValue();
        ObjectNode n = ReportService.JSON.createObjectNode().put("text", text);
        if (by != null) {
            n.put("by", by);
        }
        byte[] sealed;
        try {
            sealed = seal(publicKey, reportId, "message|" + seq + "|" + author, ReportService.JSON.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        em.createNativeQuery("insert into wb_message (report_id, seq, author, sealed, sent_on) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, reportId).setParameter(2, seq).setParameter(3, author).setParameter(4, sealed)
                .setParameter(5, Date.valueOf(ReportService.today())).executeUpdate();
        return seq;
    }

    /** Puts the case in a channel: the report key wrapped to each of its handlers who has a key and lacks it. */
    @Transactional(TxType.MANDATORY)
    public void addChannel(UUID reportId, Channel c, ReportKey key, boolean escalated) {
        em.createNativeQuery("insert into wb_report_channel (report_id, channel_id, escalated) values (?1, ?2, ?3)"
                + " on conflict do nothing").setParameter(1, reportId).setParameter(2, c.id).setParameter(3, escalated)
                .executeUpdate();
        for (Object o : em.createNativeQuery("select k.account_id, k.public_key from wb_channel_handler h join"
                + " wb_handler_key k on k.account_id = h.account_id where h.channel_id = ?1").setParameter(1, c.id)
                .getResultList()) {
            Object[] r = (Object[]) o;
            UUID account = uuid(r[0]);
            em.createNativeQuery("insert into wb_report_key (report_id, account_id, wrapped) values (?1, ?2, ?3)"
                    + " on conflict do nothing").setParameter(1, reportId).setParameter(2, account)
                    .setParameter(3, key.wrapForHandler((byte[]) r[1], aad(reportId, "handler|" + account)))
                    .executeUpdate();
        }
    }

    static JsonNode json(byte[] bytes) {
        try {
            return ReportService.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalDate day(Object o) {
        return o == null ? null : o instanceof Date d ? d.toLocalDate() : (LocalDate) o;
    }

    static UUID uuid(Object o) {
        return o instanceof UUID u ? u : UUID.fromString(o.toString());
    }
}
