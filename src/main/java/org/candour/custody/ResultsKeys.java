package org.candour.custody;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Surveys' results public keys. A results key never changes once made (at open), so found keys are
 * kept in memory; a survey without one (no free text, or still a draft) is looked up each time.
 */
@ApplicationScoped
public class ResultsKeys {

    /** A results public key (X25519) and its id, the lowercase hex SHA-256 of the key. */
    public record Key(String keyId, byte[] publicKey) {
    }

    private final Map<UUID, Key> known = new ConcurrentHashMap<>();

    @Inject
    EntityManager em;

    /** The survey's results key, or null when it has none. */
    public Key find(UUID surveyId) {
        Key k = known.get(surveyId);
        if (k != null) {
            return k;
        }
        List<?> rows = em.createNativeQuery("select key_id, public_key from results_key where survey_id = ?1")
                .setParameter(1, surveyId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = (Object[]) rows.get(0);
        k = new Key((String) r[0], (byte[]) r[1]);
        known.put(surveyId, k);
        return k;
    }
}
