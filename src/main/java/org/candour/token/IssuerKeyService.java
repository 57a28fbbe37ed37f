package org.candour.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.candour.crypto.BlindSigner;
import org.candour.crypto.IssuerKeyPair;
import org.candour.crypto.KeyWrapper;
import org.candour.survey.Survey;
import org.candour.survey.SurveyStatus;
import org.candour.survey.SurveyTransition;
import org.candour.web.ProblemException;
import org.jboss.logging.Logger;

/**
 * Makes a survey's issuer keys when it opens (one per issuing unit, the private half wrapped under
 * the master key) and destroys the private halves when it closes. Runs inside the survey's
 * transition, so a refusal leaves the survey as it was.
 */
@ApplicationScoped
public class IssuerKeyService {

    private static final Logger LOG = Logger.getLogger(IssuerKeyService.class);

    @Inject
    InvitationService invitations;

    @Inject
    BlindSigner signer;

    @Inject
    KeyWrapper wrapper;

    @Inject
    TokenConfig config;

    @Inject
    EntityManager em;

    void onTransition(@Observes SurveyTransition t) {
        if (t.to() == SurveyStatus.OPEN) {
            open(t.survey());
        } else if (t.to() == SurveyStatus.CLOSED) {
            close(t.survey());
        }
    }

    private void open(Survey s) {
        InvitationService.Grouping g = invitations.grouping(s);
        var problems = InvitationService.problems(g);
        if (!problems.isEmpty()) {
            throw new ProblemException(409, "The survey cannot open: every invitation must be in a group of at least k = "
                    + s.k + ".", problems);
        }
        for (Map.Entry<UUID, Integer> group : g.issuing().groups().entrySet()) {
            UUID unit = group.getKey();
            IssuerKeyPair pair = signer.generate(config.modulusBits());
            IssuerKey key = new IssuerKey();
            key.keyId = BlindSigner.keyId(pair.spki());
            key.surveyId = s.id;
            key.unitId = unit;
            key.spki = pair.spki();
            key.wrappedPrivate = wrapper.wrap(pair.pkcs8(), associatedData(s.id, key.keyId));
            java.util.Arrays.fill(pair.pkcs8(), (byte) 0);
            key.persist();
            em.flush();
            // Every invitation of the group's units issues under this key.
            for (Map.Entry<UUID, Integer> c : g.counts().entrySet()) {
                if (unit.equals(g.issuing().issuerOf(c.getKey()))) {
                    em.createQuery("update Invitation i set i.keyId = ?1 where i.surveyId = ?2 and i.unitId = ?3")
                            .setParameter(1, key.keyId).setParameter(2, s.id).setParameter(3, c.getKey())
                            .executeUpdate();
                }
            }
        }
        LOG.infof("Survey %s: %d issuer keys made", s.id, g.issuing().groups().size());
    }

    private void close(Survey s) {
        int destroyed = em.createQuery("update IssuerKey k set k.wrappedPrivate = null where k.surveyId = ?1")
                .setParameter(1, s.id).executeUpdate();
        LOG.infof("Survey %s: %d issuer private keys destroyed", s.id, destroyed);
    }

    /** Binds a wrapped key to its survey and key id, so it cannot be swapped for another row's. */
    static byte[] associatedData(UUID surveyId, String keyId) {
        return ("candour/issuer-key/" + surveyId + "/" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
