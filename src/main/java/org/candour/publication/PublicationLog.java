package org.candour.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.candour.crypto.KeyedHash;

/**
 * The store of {@code publication_log} (V18): per organisation, entries numbered from 1, each a
 * canonical JSON object holding the SHA-256 of the entry before ({@code previous}; 64 zeros for the
 * first) and signed (minisign) with the organisation's publication key. Append-only: a trigger refuses
 * any change. {@link #verify} checks a whole log as anyone can offline.
 */
@ApplicationScoped
public class PublicationLog {

    /** The hash the first entry names as the one before it. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One entry as stored and served: its number, canonical JSON, SHA-256 and minisign signature. */
    public record Entry(int seq, byte[] entry, String hash, String signature) {
        public String text() {
            return new String(entry, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(entry);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The last entry's number and hash (0 and {@link #GENESIS} when there is none). */
    public record Head(int seq, String hash) {
    }

    @Inject
    EntityManager em;

    @Transactional(TxType.MANDATORY)
    public Head head(UUID organisationId) {
        List<?> rows = em.createNativeQuery("select seq, hash from publication_log where organisation_id = ?1"
                + " order by seq desc limit 1").setParameter(1, organisationId).getResultList();
        if (rows.isEmpty()) {
            return new Head(0, GENESIS);
        }
        Object[] r = (Object[]) rows.get(0);
        return new Head(((Number) r[0]).intValue(), (String) r[1]);
    }

    /**
     * Appends an entry: {@code fields} with {@code seq}, {@code day} and {@code previous} added, made
     * canonical and signed by {@code signer}. Call under the organisation's publication lock.
     */
    @Transactional(TxType.MANDATORY)
    public Entry append(UUID organisationId, ObjectNode fields, LocalDate day, PublicationKeys.Signing signer,
            String slug) {
        Head head = head(organisationId);
        int seq = head.seq() + 1;
        fields.put("seq", seq).put("day", day.toString()).put("previous", head.hash()).put("organisation", slug);
        byte[] entry = CanonicalJson.canonicalize(fields);
        String hash = sha256(entry);
        String signature = Minisign.sign(signer.key(), entry,
                Minisign.trustedComment(day, "log-" + slug + "-" + seq + ".json", signer.publicKey()));
        em.createNativeQuery("insert into publication_log (organisation_id, seq, entry, hash, signature)"
                + " values (?1, ?2, ?3, ?4, ?5)").setParameter(1, organisationId).setParameter(2, seq)
                .setParameter(3, entry).setParameter(4, hash).setParameter(5, signature).executeUpdate();
        return new Entry(seq, entry, hash, signature);
    }

    /** The organisation's log, oldest first. */
    @Transactional(TxType.SUPPORTS)
    public List<Entry> entries(UUID organisationId) {
        List<Entry> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("select seq, entry, hash, signature from publication_log"
                + " where organisation_id = ?1 order by seq").setParameter(1, organisationId).getResultList()) {
            Object[] r = (Object[]) o;
            out.add(new Entry(((Number) r[0]).intValue(), (byte[]) r[1], (String) r[2], (String) r[3]));
        }
        return out;
    }

    /**
     * Checks a log as a reader can offline: entries numbered 1, 2, … without a gap, each one's hash the
     * SHA-256 of its bytes and named as {@code previous} by the next, each signed by the key current at
     * it. The first key is {@code firstPublicKeyFile}; an entry of kind "key rotated" (signed by the old
     * key) names the next key's public key file in {@code new_public_key}.
     *
     * @return the problems found, empty when the log verifies
     */
    public static List<String> verify(List<Entry> log, String firstPublicKeyFile) {
        List<String> problems = new ArrayList<>();
        String previous = GENESIS;
        String key = firstPublicKeyFile;
        for (int i = 0; i < log.size(); i++) {
            Entry e = log.get(i);
            JsonNode json;
            try {
                json = MAPPER.readTree(e.entry());
            } catch (IOException ex) {
                problems.add("entry " + (i + 1) + " is not JSON");
                break;
            }
            if (json.path("seq").asInt() != i + 1 || e.seq() != i + 1) {
                problems.add("entry " + (i + 1) + " is numbered " + json.path("seq").asInt() + ": an entry is missing or moved");
            }
            if (!previous.equals(json.path("previous").asText())) {
                problems.add("entry " + (i + 1) + " does not name the hash of the entry before it");
            }
            if (!sha256(e.entry()).equals(e.hash())) {
                problems.add("entry " + (i + 1) + " does not have the hash given for it");
            }
            if (!Minisign.verify(key, e.entry(), e.signature())) {
                problems.add("entry " + (i + 1) + " is not signed by the organisation's key");
            }
            previous = sha256(e.entry());
            if ("key rotated".equals(json.path("kind").asText())) {
                key = json.path("new_public_key").asText();
            }
        }
        return problems;
    }

    /** SHA-256 in lower-case hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(KeyedHash.sha256(bytes));
    }
}
