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
import java.time.Duration;
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
 * Runs mix batches while surveys are open: every {@code candour.mix.check-every}, each issuing key of
 * an open survey with at least k held responses gets its held responses moved ({@link MixBatch}), in
 * one transaction (or, for a large backlog, several of at least k each), with the survey's held spent
 * tokens and released invitations. A key with fewer than k held moves nothing until it has k or the
 * survey closes, so no batch holds a (batch, key) group below k. After any batch, the old row
 * versions are vacuumed away, and a WAL switch and checkpoint let PostgreSQL drop the WAL that
 * recorded the responses' arrival ({@link #forgetWal}).
 *
 * <p>The background mixer yields to respondents: while token issues and spends together arrive at
 * {@code candour.mix.busy-above} per second or more, a due survey waits, for at most {@code candour.mix.max-defer} in all, and a
 * backlog it is moving stops between batches when a burst begins. Held rows are durable, so waiting
 * loses nothing; it only keeps them held longer, in larger batches. Explicit cycles
 * ({@link #cycle()}) and closing never wait.
 */
@ApplicationScoped
public class MixScheduler {

    private static final Logger LOG = Logger.getLogger(MixScheduler.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MixConfig config;

    @Inject
    IntakeMeter meter;

    /** When the background mixer last looked, and the request count then (monotonic clock; memory only). */
    private long lookedAt = System.nanoTime();
    private long requestsAtLook;

    /** Since when each due survey has waited for intake to quieten (monotonic clock; memory only). */
    private final Map<UUID, Long> waitingSince = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    void start(@Observes StartupEvent event) {
        lookedAt = System.nanoTime();
        requestsAtLook = meter.total();
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
                cycle(true);
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

    /** A key of an open survey with at least k held responses. */
    private record Pending(UUID surveyId, String keyId, int k, long held) {
    }

    /** One look at every open survey, now, without waiting for intake to quieten; returns how many batches ran. */
    public int cycle() {
        return cycle(false);
    }

    /**
     * One look at every open survey; when {@code yieldToIntake}, a due survey waits while intake is busy
     * (see the class comment). Returns how many batches ran.
     */
    synchronized int cycle(boolean yieldToIntake) {
        long now = System.nanoTime();
        long requests = meter.total();
        boolean busy = yieldToIntake && busy(requests - requestsAtLook, now - lookedAt, config.busyAbove());
        requestsAtLook = requests;
        lookedAt = now;
        int batches = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (Pending p : pending(c)) {
                long waiting = now - waitingSince.computeIfAbsent(p.surveyId(), id -> now);
                if (waits(busy, waiting, config.maxDefer())) {
                    LOG.debugf("Survey %s waits to mix until intake quietens", p.surveyId());
                } else {
                    waitingSince.remove(p.surveyId());
                    batches += backlog(c, p, yieldToIntake && !busy);
                }
            }
            if (batches > 0) {
                long began = System.nanoTime();
                try (Statement st = c.createStatement()) {
                    // Index cleanup even when few pages changed (VACUUM would skip it): until then the old
                    // index entries keep row positions in arrival order.
                    st.execute("vacuum (index_cleanup on) response_holding, spent_token, invitation");
                }
                LOG.debugf("Vacuumed the intake tables in %d ms", (System.nanoTime() - began) / 1_000_000);
                forgetWal(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("mix cycle failed", LogSafe.redact(e));
        }
        return batches;
    }

    /**
     * Moves what the survey holds in batches of at most the configured size (at least k), each in its
     * own transaction, resting between them. Of the responses held when the cycle looked, the last
     * batch takes all that are left once fewer than two full batches remain, so no batch moves fewer
     * responses than the batch size unless the whole backlog is smaller; responses that arrive
     * meanwhile wait for the next cycle. Spent tokens and released invitations are moved alongside (at
     * most a batch's worth with each full batch, the rest with the last). Returns how many batches
     * committed. With {@code yieldBetween}, a backlog stops between batches once intake is busy, and the
     * rest stays held for a later cycle.
     */
    private int backlog(Connection c, Pending p, boolean yieldBetween) throws SQLException {
        int size = Math.max(config.batchSize(), p.k());
        long left = p.held();
        int batches = 0;
        boolean more;
        do {
            int limit = (int) (left >= 2L * size ? size : left);
            // Spent tokens and released invitations go with the responses: a full batch's worth beside
            // a full batch, all the rest beside the last.
            Integer others = left >= 2L * size ? Integer.valueOf(size) : null;
            c.setAutoCommit(false);
            long began = System.nanoTime();
            long requestsBefore = meter.total();
            try {
                MixBatch.Moved moved = MixBatch.move(c, p.surveyId(), p.keyId(), p.k(), limit, others);
                c.commit();
                batches++;
                // A batch that found fewer than its limit has emptied the holding table.
                left = moved.responses() < limit ? 0 : left - moved.responses();
                more = left > 0;
                long took = System.nanoTime() - began;
                // Not at INFO: a log line's time and counts would say when how many responses arrived.
                LOG.debugf("Survey %s mixed a batch: %d responses, %d spent tokens, %d invitations in %d ms",
                        p.surveyId(), moved.responses(), moved.tokens(), moved.invitations(), took / 1_000_000);
                if (more && config.rest() > 0) {
                    Thread.sleep(Math.max(1, (long) (took * config.rest() / 1_000_000)));
                }
                if (more && yieldBetween
                        && busy(meter.total() - requestsBefore, System.nanoTime() - began, config.busyAbove())) {
                    LOG.debugf("Survey %s stops mixing until intake quietens", p.surveyId());
                    return batches;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return batches;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                LOG.warn("A mix batch failed and was rolled back; its rows stay held", LogSafe.redact(e));
                return batches;
            } finally {
                c.setAutoCommit(true);
            }
        } while (more);
        return batches;
    }

    /** Whether {@code requests} over {@code nanos} reach {@code busyAbove} per second (never, when it is 0 or less). */
    static boolean busy(long requests, long nanos, int busyAbove) {
        if (busyAbove <= 0 || requests <= 0) {
            return false;
        }
        // requests / seconds >= busyAbove, without dividing by a possibly tiny interval.
        return nanos <= 0 || (double) requests * 1_000_000_000d >= (double) busyAbove * nanos;
    }

    /** Whether a due survey waits: intake is busy and it has waited less than {@code maxDefer} so far. */
    static boolean waits(boolean busy, long waitedNanos, Duration maxDefer) {
        return busy && waitedNanos < maxDefer.toNanos();
    }

    private static List<Pending> pending(Connection c) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("select s.id, h.key_id, s.k_threshold, count(*)"
                + " from survey s join response_holding h on h.survey_id = s.id where s.status = 'OPEN'"
                + " group by s.id, h.key_id, s.k_threshold having count(*) >= s.k_threshold");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getLong(4)));
            }
        }
        return out;
    }

    /**
     * Lets PostgreSQL drop the WAL written before now: a switch to a new WAL segment, then a checkpoint,
     * after which the segments before it are no longer needed for recovery and are removed (recycled
     * ones are overwritten; the embedded server sets {@code wal_recycle=off} so they are deleted). Needs
     * a role allowed to do both (superuser, or {@code pg_checkpoint} and execute on {@code
     * pg_switch_wal}); without it the WAL is kept until PostgreSQL's own checkpoints, and nothing fails.
     * WAL archives and streaming replicas keep their copies regardless (deploy/README.md).
     */
    static void forgetWal(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("select pg_switch_wal()");
            st.execute("checkpoint");
        } catch (SQLException e) {
            LOG.debug("No WAL switch and checkpoint after mixing (the database role may not be allowed)");
        }
    }
}
