package org.candour.response;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.candour.web.LogSafe;
import org.jboss.logging.Logger;

/**
 * Runs mix batches while surveys are open: every {@code candour.mix.check-every}, each open survey
 * with at least k held responses, or with anything held for longer than {@code candour.mix.interval}
 * since its last batch, gets one batch ({@link MixBatch}) in its own transaction; then the old row
 * versions are vacuumed away. When a survey last mixed is kept in memory only; after a restart the
 * interval counts from start-up.
 */
@ApplicationScoped
public class MixScheduler {

    private static final Logger LOG = Logger.getLogger(MixScheduler.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MixConfig config;

    /** When each survey last mixed, on the monotonic clock (System.nanoTime), in memory only. */
    private final Map<UUID, Long> lastMixed = new ConcurrentHashMap<>();
    private volatile long started = System.nanoTime();
    private ScheduledExecutorService executor;

    void start(@Observes StartupEvent event) {
        started = System.nanoTime();
        if (!config.enabled()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "candour-mix");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.checkEvery().toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                cycle();
            } catch (RuntimeException e) {
                LOG.warn("Mix cycle failed; held responses stay held and are retried next cycle", LogSafe.redact(e));
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private record Pending(UUID surveyId, int k, long held, boolean other) {
    }

    /** One look at every open survey, now; returns how many batches ran. */
    public synchronized int cycle() {
        long now = System.nanoTime();
        int batches = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (Pending p : pending(c)) {
                long last = lastMixed.getOrDefault(p.surveyId(), started);
                boolean due = p.held() >= p.k() || now - last >= config.interval().toNanos();
                if (due) {
                    c.setAutoCommit(false);
                    try {
                        MixBatch.Moved moved = MixBatch.move(c, p.surveyId());
                        c.commit();
                        lastMixed.put(p.surveyId(), now);
                        batches++;
                        LOG.infof("Survey %s mixed a batch: %d responses, %d spent tokens, %d invitations",
                                p.surveyId(), moved.responses(), moved.tokens(), moved.invitations());
                    } catch (SQLException | RuntimeException e) {
                        c.rollback();
                        LOG.warn("A mix batch failed and was rolled back; its rows stay held", LogSafe.redact(e));
                    } finally {
                        c.setAutoCommit(true);
                    }
                }
            }
            if (batches > 0) {
                try (Statement st = c.createStatement()) {
                    st.execute("vacuum response_holding, spent_token, invitation");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("mix cycle failed", LogSafe.redact(e));
        }
        return batches;
    }

    private static List<Pending> pending(Connection c) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("select s.id, s.k_threshold,"
                + " (select count(*) from response_holding h where h.survey_id = s.id),"
                + " exists (select 1 from spent_token t where t.survey_id = s.id and t.held)"
                + " or exists (select 1 from invitation i where i.survey_id = s.id and i.used and not i.mixed)"
                + " from survey s where s.status = 'OPEN'");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long held = rs.getLong(3);
                boolean other = rs.getBoolean(4);
                if (held > 0 || other) {
                    out.add(new Pending(rs.getObject(1, UUID.class), rs.getInt(2), held, other));
                }
            }
        }
        return out;
    }
}
