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
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.candour.crypto.ReportKey;
import org.candour.web.ProblemException;

/**
 * The store of {@code wb_attachment} (V22): files sent with a report or a message, each cleaned of its
 * metadata ({@link AttachmentCleaner}) before it gets here, then padded and sealed to the report's key;
 * the name, type, size and what was removed are sealed apart, so a case lists its files without opening
 * them. Both the reporter and the case's handlers read every file; internal notes carry none.
 */
@ApplicationScoped
public class Attachments {

    /** The most files one report or one message may carry. */
    public static final int MAX_FILES = 3;

    @Inject
    EntityManager em;

    /** What a case's page lists of a file. {@code messageSeq} is null for a file sent with the report. */
    public record Info(int seq, Integer messageSeq, String author, String name, String type, long size,
            List<String> removed, LocalDate sentOn) {
        /** The size for people: "12 KB", "3.4 MB". */
        public String sizeText() {
            return size < 1_000_000 ? Math.max(1, (size + 500) / 1000) + " KB" : String.format("%.1f MB", size / 1e6);
        }
    }

    /** A case's files, for its pages. */
    public record Files(List<Info> all) {
        /** The files sent with the report itself. */
        public List<Info> withReport() {
            return all.stream().filter(f -> f.messageSeq() == null).toList();
        }

        /** The files sent with message {@code messageSeq}. */
        public List<Info> of(int messageSeq) {
            return all.stream().filter(f -> f.messageSeq() != null && f.messageSeq() == messageSeq).toList();
        }
    }

    /** A file opened for download. */
    public record File(String name, String type, byte[] bytes) {
    }

    /** Seals a cleaned file to the case (it needs only the public key). */
    @Transactional(TxType.MANDATORY)
    public void add(UUID reportId, Integer messageSeq, String author, AttachmentCleaner.Cleaned file) {
        byte[] publicKey = (byte[]) em.createNativeQuery("select public_key from wb_report where id = ?1 for update")
                .setParameter(1, reportId).getSingleResult();
        int seq = ((Number) em.createNativeQuery("select coalesce(max(seq), 0) + 1 from wb_attachment where report_id = ?1")
                .setParameter(1, reportId).getSingleResult()).intValue();
        ObjectNode meta = ReportService.JSON.createObjectNode().put("name", file.fileName())
                .put("type", file.detectedType()).put("size", file.bytes().length);
        file.removed().forEach(meta.putArray("removed")::add);
        byte[] metaBytes;
        try {
            metaBytes = ReportService.JSON.writeValueAsBytes(meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        em.createNativeQuery("insert into wb_attachment (report_id, seq, message_seq, author, sealed_meta, sealed_file,"
                + " sent_on) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)").setParameter(1, reportId).setParameter(2, seq)
                .setParameter(3, messageSeq).setParameter(4, author)
                .setParameter(5, Cases.seal(publicKey, reportId, purpose("meta", seq, author), metaBytes))
                .setParameter(6, Cases.seal(publicKey, reportId, purpose("file", seq, author), file.bytes()))
                .setParameter(7, Date.valueOf(ReportService.today())).executeUpdate();
    }

    /** The case's files, oldest first, without opening their contents. */
    @Transactional(TxType.SUPPORTS)
    public Files list(UUID reportId, ReportKey key) {
        List<Info> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("select seq, message_seq, author, sealed_meta, sent_on from wb_attachment"
                + " where report_id = ?1 order by seq").setParameter(1, reportId).getResultList()) {
            Object[] r = (Object[]) o;
            int seq = ((Number) r[0]).intValue();
            String author = (String) r[2];
            JsonNode n = Cases.json(Cases.open(key, reportId, purpose("meta", seq, author), (byte[]) r[3]));
            List<String> removed = new ArrayList<>();
            n.path("removed").forEach(x -> removed.add(x.asText()));
            out.add(new Info(seq, r[1] == null ? null : ((Number) r[1]).intValue(), author, n.get("name").asText(),
                    n.get("type").asText(), n.get("size").asLong(), removed, Cases.day(r[4])));
        }
        return new Files(out);
    }

    /** One file of the case, opened; 404 when the case has no such file. */
    @Transactional(TxType.SUPPORTS)
    public File open(UUID reportId, int seq, ReportKey key) {
        List<?> rows = em.createNativeQuery("select author, sealed_meta, sealed_file from wb_attachment where report_id = ?1"
                + " and seq = ?2").setParameter(1, reportId).setParameter(2, seq).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("This case has no such file.");
        }
        Object[] r = (Object[]) rows.get(0);
        String author = (String) r[0];
        JsonNode n = Cases.json(Cases.open(key, reportId, purpose("meta", seq, author), (byte[]) r[1]));
        return new File(n.get("name").asText(), n.get("type").asText(),
                Cases.open(key, reportId, purpose("file", seq, author), (byte[]) r[2]));
    }

    private static String purpose(String part, int seq, String author) {
        return "attachment-" + part + "|" + seq + "|" + author;
    }
}
