package org.candour.token;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.candour.db.NetworkTimeout;
import org.candour.web.LogSafe;

/**
 * Marks invitations used for issue requests, grouping the requests that arrive while one commit is
 * being flushed into the next single conditional {@code UPDATE} (an application-level group commit).
 * A claim completes only once the autocommit statement that holds it has committed, so an
 * invitation is durably consumed before its round is settled or anything signed. One statement and one
 * flush serve up to {@link #MAX_BATCH} requests, which is most of what made issuing cost
 * PostgreSQL time (measured on 2026-11-24; the git history of docs/performance.md). While the {@link SigningLanes} still have more work queued
 * than the low-water mark, the next group is held back (at most {@link #LONGEST_HOLD_NANOS}) and
 * keeps growing; it is committed when the lanes are about to run dry, so its flush overlaps the
 * signing of the group before. With the lanes idle it is committed at once.
 *
 * <p>A claim succeeds only when the statement returns its row with its own retry hash: when two
 * claims in one batch name the same code, PostgreSQL updates the row once, with one of them, and
 * the other is refused as for any other request that finds the code used.
 */
@ApplicationScoped
public class InvitationConsumer {

    static final int MAX_BATCH = 64;

    static final String CONSUME = "update invitation i set used = true, blinded_hash = c.retry_hash"
            + " from unnest(?::bytea[], ?::text[], ?::bytea[]) as c(code_hash, key_id, retry_hash)"
            + " where i.code_hash = c.code_hash and i.key_id = c.key_id"
            + " and not i.used"
            + " and exists (select 1 from survey s where s.id = i.survey_id and s.status = 'OPEN')"
            + " returning i.code_hash, i.blinded_hash";

    private record Claim(byte[] codeHash, String keyId, byte[] retryHash, CompletableFuture<Boolean> done) {
    }

    private final LinkedBlockingQueue<Claim> waiting = new LinkedBlockingQueue<>();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SigningLanes lanes;

    /**
     * The longest the first claim of a group is held back while the signing lanes are busy. Holding
     * costs a request no time it would not have spent waiting for a lane anyway; the bound only
     * keeps a stalled lane from holding commits back for long.
     */
    static final long LONGEST_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * How long a claim waits for its commit before failing (a 500). A claim given up on may
     * still commit later, like a request whose answer was lost: a retry with the same blinded
     * message then gets its signature.
     */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private volatile Thread committer;
    private volatile boolean stopping;

    /**
     * Queues a claim on the invitation with this code hash, issuing under this key in an open survey.
     * The future completes, on the committer thread, with true once the statement that marked it used
     * with this retry hash has committed durably, with false when it was not marked (already used, for
     * this message or another, or not issuable: {@link IssuanceRounds} and the caller tell which), and
     * fails after {@link #LONGEST_WAIT} without a commit. A used invitation is never written again here,
     * so asking about a claim leaves no trace.
     */
    public CompletableFuture<Boolean> claim(byte[] codeHash, String keyId, byte[] retryHash) {
        if (stopping) {
            throw new IllegalStateException("the service is stopping");
        }
        if (committer == null) {
            start();
        }
        Claim claim = new Claim(codeHash, keyId, retryHash, new CompletableFuture<>());
        waiting.add(claim);
        return claim.done().orTimeout(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void start() {
        if (committer == null) {
            Thread t = new Thread(this::commitLoop, "candour-invitation-consumer");
            t.setDaemon(true);
            t.start();
            committer = t;
        }
    }

    synchronized void stop(@Observes ShutdownEvent e) {
        stopping = true;
        if (committer != null) {
            committer.interrupt();
        }
    }

    private void commitLoop() {
        lanes.wakeWhenLow(Thread.currentThread());
        List<Claim> batch = new ArrayList<>(MAX_BATCH);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                break;
            }
            long since = System.nanoTime();
            waiting.drainTo(batch, MAX_BATCH - 1);
            long left;
            while (batch.size() < MAX_BATCH && lanes.busy() && !Thread.currentThread().isInterrupted()
                    && (left = LONGEST_HOLD_NANOS - (System.nanoTime() - since)) > 0) {
                LockSupport.parkNanos(this, left);
                waiting.drainTo(batch, MAX_BATCH - batch.size());
            }
            try {
                Set<ByteBuffer> consumed = commit(batch);
                for (Claim c : batch) {
                    c.done().complete(consumed.contains(key(c.codeHash(), c.retryHash())));
                }
            } catch (RuntimeException | Error e) {
                for (Claim c : batch) {
                    c.done().completeExceptionally(e);
                }
            }
            batch.clear();
        }
        for (Claim c; (c = waiting.poll()) != null;) {
            c.done().completeExceptionally(new IllegalStateException("the service is stopping"));
        }
    }

    /** Runs one batch in one autocommit statement; the (code hash, retry hash) pairs it marked. */
    private Set<ByteBuffer> commit(List<Claim> batch) {
        byte[][] codes = new byte[batch.size()][];
        String[] keys = new String[batch.size()];
        byte[][] retries = new byte[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            codes[i] = batch.get(i).codeHash();
            keys[i] = batch.get(i).keyId();
            retries[i] = batch.get(i).retryHash();
        }
        Set<ByteBuffer> consumed = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(CONSUME)) {
            c.setAutoCommit(true);
            st.setArray(1, c.createArrayOf("bytea", codes));
            st.setArray(2, c.createArrayOf("text", keys));
            st.setArray(3, c.createArrayOf("bytea", retries));
            NetworkTimeout.bounded(c, () -> {
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        consumed.add(key(rs.getBytes(1), rs.getBytes(2)));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("consuming invitations failed", LogSafe.redact(e));
        }
        return consumed;
    }

    private static ByteBuffer key(byte[] codeHash, byte[] retryHash) {
        return ByteBuffer.allocate(codeHash.length + retryHash.length).put(codeHash).put(retryHash).flip();
    }
}
