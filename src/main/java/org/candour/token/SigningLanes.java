package org.candour.token;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the issuers' RSA operations on one thread per core, first come first served, and wakes the
 * {@link InvitationConsumer} when they are about to run out of work.
 *
 * <p>Signing on the request threads instead let the operating system share the cores among every
 * waiting request at once: a group of requests finished signing together, came back together and
 * waited together on the next commit's flush while the cores idled. Here signatures finish one after
 * another, and the consumer holds the next group back until the lanes are down to their low-water
 * mark (two signatures per lane), so its flush overlaps the signing of the last group and it commits
 * as many claims as possible at once (measured on 2026-11-24: the git history of docs/performance.md, "Signing lanes").
 */
@ApplicationScoped
public class SigningLanes {

    /** Signatures queued or running. */
    private final AtomicInteger backlog = new AtomicInteger();

    /** At or below this backlog, the committer is woken. */
    private int lowWater;

    private ThreadPoolExecutor pool;

    private volatile Thread waiter;

    /** One lane per core; the consumer commits once two signatures per lane or fewer are left. */
    @PostConstruct
    void init() {
        int lanes = Runtime.getRuntime().availableProcessors();
        configure(lanes, 2 * lanes);
    }

    /** Lanes without CDI, for tests. */
    static SigningLanes of(int lanes, int lowWater) {
        SigningLanes l = new SigningLanes();
        l.configure(lanes, lowWater);
        return l;
    }

    private void configure(int lanes, int lowWater) {
        this.lowWater = lowWater;
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(lanes, lanes, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "candour-signer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code operation} in its turn on a lane. The future completes on the lane with its result,
     * or fails with its exception; it fails at once if the lanes are stopped.
     */
    public CompletableFuture<byte[]> submit(Callable<byte[]> operation) {
        backlog.incrementAndGet();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                byte[] out = null;
                Throwable failure = null;
                try {
                    out = operation.call();
                } catch (Throwable e) {
                    failure = e;
                }
                // Counted out before the caller hears, so the committer is woken as early as possible.
                done();
                if (failure == null) {
                    result.complete(out);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            done();
            result.completeExceptionally(e);
        }
        return result;
    }

    private void done() {
        if (backlog.decrementAndGet() <= lowWater) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** True while more signatures are queued or running than the low-water mark. */
    boolean busy() {
        return backlog.get() > lowWater;
    }

    /**
     * Names the thread to {@link LockSupport#unpark} whenever a signature finishes with the backlog at
     * or below the low-water mark. Set it before testing {@link #busy()} and parking, so that a wake-up
     * in between is not lost.
     */
    void wakeWhenLow(Thread t) {
        waiter = t;
    }

    /** Lets queued signatures finish (their invitations are already consumed) and takes no more. */
    void stop(@Observes ShutdownEvent e) {
        pool.shutdown();
    }
}
