package org.candour.whistleblowing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Date;
import java.util.List;
import java.util.UUID;
import org.candour.crypto.KeyWrapper;
import org.candour.web.Base64Url;
import org.candour.web.ProblemException;

/**
 * The store of {@code wb_draft} (V22): a report or reply whose files were cleaned, held until its
 * reporter has seen what was removed and sends it. Sealed (AES-256-GCM) under a random key that is
 * handed to the reporter's page and never stored, so the row is unreadable to anyone without that page.
 * Sending takes the draft and deletes it in the caller's transaction; drafts not sent are deleted the
 * day after the next ({@link Retention}).
 */
@ApplicationScoped
public class Drafts {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    /** What the reporter's page holds to send a draft: its id and its key, both base64url. */
    public record Ticket(String id, String key) {
    }

    @Transactional
    public Ticket save(byte[] plaintext) {
        UUID id = UUID.randomUUID();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        em.createNativeQuery("insert into wb_draft (id, sealed, created_on) values (?1, ?2, ?3)").setParameter(1, id)
                .setParameter(2, new KeyWrapper(key).wrap(plaintext, aad(id)))
                .setParameter(3, Date.valueOf(ReportService.today())).executeUpdate();
        return new Ticket(id.toString(), Base64Url.encode(key));
    }

    /** The draft's plaintext, deleting it in the caller's transaction: 404 when sent already or expired. */
    @Transactional(TxType.MANDATORY)
    public byte[] take(String draftId, String draftKey) {
        UUID id;
        byte[] key;
        try {
            id = UUID.fromString(draftId == null ? "" : draftId);
            key = Base64Url.decode("key", draftKey == null ? "" : draftKey);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("draft: send the form as the page gave it.");
        }
        if (key.length != 32) {
            throw ProblemException.badRequest("draft: send the form as the page gave it.");
        }
        List<?> rows = em.createNativeQuery("delete from wb_draft where id = ?1 returning sealed").setParameter(1, id)
                .getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("This was sent already, or waited more than a day and was deleted. If you"
                    + " did not see a receipt or your message in the case, write it again.");
        }
        try {
            return new KeyWrapper(key).unwrap((byte[]) rows.get(0), aad(id));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("draft: send the form as the page gave it.");
        }
    }

    private static byte[] aad(UUID id) {
        return ("candour/wb/draft/v1|" + id).getBytes(StandardCharsets.UTF_8);
    }
}
