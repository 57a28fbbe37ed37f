package org.candour.response;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.candour.db.Wal;
import org.candour.survey.SurveyStatus;
import org.candour.survey.SurveyTransition;
import org.jboss.logging.Logger;

/**
 * At close: flushes the survey's held rows ({@link MixBatch}), then rewrites all its invitation,
 * spent-token and response rows in random order in the closing transaction, so that neither
 * physical order nor xmin says even which batch a row came in; then vacuums the old row versions
 * away. While the survey is open, {@link MixScheduler} runs the batches.
 */
@ApplicationScoped
public class ResponseMix {

    private static final Logger LOG = Logger.getLogger(ResponseMix.class);

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<Mixed> mixed;

    /** Fired inside the mixing transaction; acted on once it has committed. */
    public record Mixed(UUID surveyId) {
    }

    void onTransition(@Observes SurveyTransition t) {
        if (t.to() == SurveyStatus.CLOSED) {
            mix(t.survey().id);
        }
    }

    /** Must run inside a transaction. */
    public void mix(UUID surveyId) {
        MixBatch.Moved flushed = em.unwrap(org.hibernate.Session.class).doReturningWork(c -> MixBatch.move(c, surveyId));
        LOG.infof("Survey %s: %d held responses flushed at close", surveyId, flushed.responses());
        int tokens = rewrite("spent_token", "token_hash, survey_id, held", surveyId);
        int responses = rewrite("response", "id, survey_id, key_id, answers, receipt", surveyId);
        int invitations = rewrite("invitation", "code_hash, survey_id, unit_id, key_id, used, blinded_hash, round_size, min_round, mixed",
                surveyId);
        LOG.infof("Survey %s mixed: %d spent tokens, %d responses, %d invitations rewritten in random order",
                surveyId, tokens, responses, invitations);
        mixed.fire(new Mixed(surveyId));
    }

    private int rewrite(String table, String columns, UUID surveyId) {
        return em.createNativeQuery("with moved as (delete from " + table + " where survey_id = ?1 returning "
                + columns + ") insert into " + table + " (" + columns + ") select " + columns
                + " from moved order by random()").setParameter(1, surveyId).executeUpdate();
    }

    /**
     * The old row versions still carry the arrival order until VACUUM removes them, and the WAL until a
     * checkpoint lets PostgreSQL drop it.
     */
    void vacuum(@Observes(during = TransactionPhase.AFTER_SUCCESS) Mixed event) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Wal.vacuumAndForget(c, "response_holding, spent_token, response, invitation");
        } catch (SQLException e) {
            LOG.warn("VACUUM after mixing failed; old row versions remain until the next autovacuum",
                    org.candour.web.LogSafe.redact(e));
        }
    }
}
