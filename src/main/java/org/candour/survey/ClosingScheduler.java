package org.candour.survey;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.candour.db.ClusterLock;
import org.candour.web.LogSafe;
import org.jboss.logging.Logger;

/**
 * Closes each open survey at the end of its announced closing day: every {@code candour.closing.check-every},
 * on Quarkus Scheduler in every replica, the replica that takes the {@link ClusterLock} runs, for each open
 * survey whose day ended before today (the database's {@code current_date}), the same close as an admin's
 * ({@link SurveyService#closeAsAnnounced}: the mix flushed, the receipt list frozen, the issuer keys
 * destroyed), one survey per transaction. That close locks the survey row and closes only a survey still
 * open, so a second replica, a retry after a failure or an admin closing at the same moment closes nothing
 * twice.
 */
@ApplicationScoped
public class ClosingScheduler {

    private static final Logger LOG = Logger.getLogger(ClosingScheduler.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SurveyService surveys;

    @Scheduled(identity = "candour-closing", every = "${candour.closing.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void scheduled() {
        try {
            int closed = closeDue(null, false);
            if (closed > 0) {
                LOG.infof("%d surveys closed at the end of their announced day", closed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Closing surveys whose day has ended failed; retried at the next run", LogSafe.redact(e));
        }
    }

    /** Skips the scheduled run when {@code candour.closing.enabled} is false (tests call {@link #closeDue}). */
    @Singleton
    static class Disabled implements Scheduled.SkipPredicate {
        @Inject
        ClosingConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.enabled();
        }
    }

    /**
     * Closes every open survey whose announced day ended before {@code today} (null: the database's
     * today, as each closing transaction has it); returns how many this call closed. Waits for another
     * replica's run to finish first. A survey whose close fails is left open, logged and tried again next
     * time; the others still close.
     */
    public int closeDue(LocalDate today) {
        return closeDue(today, true);
    }

    private int closeDue(LocalDate today, boolean wait) {
        try (Connection c = dataSource.getConnection()) {
            // One replica at a time: a scheduled run leaves the turn to one already closing.
            return ClusterLock.run(c, "candour-closing", wait, 0, locked -> {
                int closed = 0;
                for (UUID id : due(locked, today)) {
                    try {
                        closed += surveys.closeAsAnnounced(id, today) ? 1 : 0;
                    } catch (RuntimeException e) {
                        LOG.warnf(LogSafe.redact(e), "Survey %s: the automatic close failed; retried at the next run", id);
                    }
                }
                return closed;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("closing surveys failed", LogSafe.redact(e));
        }
    }

    private static List<UUID> due(Connection c, LocalDate today) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "select id from survey where status = 'OPEN' and closes_on < coalesce(?, current_date) order by closes_on")) {
            st.setObject(1, today, Types.DATE);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }
}
