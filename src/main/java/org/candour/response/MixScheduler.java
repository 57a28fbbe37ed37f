package org.candour.response;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.candour.db.ClusterLock;
import org.candour.db.Wal;
import org.candour.web.LogSafe;
import org.jboss.logging.Logger;

/**
 * Runs mix batches while surveys are open: every {@code candour.mix.check-every}, each issuing key of
 * an open survey with at least k held responses gets its held responses moved ({@link MixBatch}), in
 * one transaction (or, for a large backlog, several of at least k each), with the survey's held spent
 * tokens and released invitations. A key with fewer than k held moves nothing until it has k or the
 * survey closes, so no batch holds a (batch, key) group below k. After any batch, the old row
 * versions are vacuumed away, and a WAL switch and checkpoint let PostgreSQL drop the WAL that
 * recorded the responses' arrival ({@link Wal#forget}).
 *
 * <p>The background mixer yields to respondents: while token issues and spends together arrive at
 * {@code candour.mix.busy-above} per second or more, a due survey waits, for at most {@code candour.mix.max-defer} in all, and a
 * backlog it is moving stops between batches when a burst begins. Held rows are durable, so waiting
 * loses nothing; it only keeps them held longer, in larger batches. Explicit cycles
 * ({@link #cycle()}) and closing never wait. With several replicas, one mixes at a time (a session
 * advisory lock in PostgreSQL), and it judges how busy intake is by the requests it serves itself.
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

    /**
     * Every {@code candour.mix.check-every}, on Quarkus Scheduler (skipped while the previous run is
     * still going). Replicas share the work through the database: a run that cannot take the mixer's
     * session advisory lock ({@link ClusterLock}) leaves this turn to the replica that holds it.
     */
    @Scheduled(identity = "candour-mix", every = "${candour.mix.check-every}", delayed = "${candour.mix.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void scheduled() {
        try {
            cycle(true);
        } catch (RuntimeException e) {
            LOG.warn("Mix cycle failed; held responses stay held and are retried next cycle", LogSafe.redact(e));
        }
    }

    /** Skips the scheduled mix when {@code candour.mix.enabled} is false (tests run cycles themselves). */
    @Singleton
    static class Disabled implements Scheduled.SkipPredicate {
        @Inject
        MixConfig config;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.enabled();
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
        try (Connection c = dataSource.getConnection()) {
            // One replica mixes at a time: a scheduled run leaves the turn to one already mixing, an
            // explicit cycle waits for it.
            return ClusterLock.run(c, "candour-mix", !yieldToIntake, 0, locked -> cycle(locked, yieldToIntake));
        } catch (SQLException e) {
            throw new IllegalStateException("mix cycle failed", LogSafe.redact(e));
        }
    }

    private int cycle(Connection c, boolean yieldToIntake) throws SQLException {
        long now = System.nanoTime();
        long requests = meter.total();
        boolean busy = yieldToIntake && busy(requests - requestsAtLook, now - lookedAt, config.busyAbove());
        requestsAtLook = requests;
        lookedAt = now;
        int batches = 0;
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
            // Until vacuumed, the old index entries keep row positions in arrival order.
            Wal.vacuumAndForget(c, "response_holding, spent_token, invitation");
            LOG.debugf("Vacuumed the intake tables in %d ms", (System.nanoTime() - began) / 1_000_000);
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
}
