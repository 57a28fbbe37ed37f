package org.candour.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lanes on their own, without Quarkus: how many sign at once, the low-water wake-up, failures. */
class SigningLanesTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(12);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void neverRunsMoreOperationsAtOnceThanItHasLanes() throws Exception {
        SigningLanes lanes = SigningLanes.of(2, 4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] mine = {(byte) i};
            results.add(callers.submit(() -> lanes.submit(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(20);
                running.decrementAndGet();
                return mine;
            }).get()));
        }
        for (int i = 0; i < results.size(); i++) {
            assertArrayEquals(new byte[] {(byte) i}, results.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(2, most.get(), "12 callers at once on 2 lanes");
        assertFalse(lanes.busy());
    }

    @Test
    void isBusyAboveTheLowWaterMarkAndWakesTheWaiterWhenItFallsToIt() throws Exception {
        SigningLanes lanes = SigningLanes.of(1, 2);
        CountDownLatch release = new CountDownLatch(1);
        Thread me = Thread.currentThread();
        lanes.wakeWhenLow(me);
        List<Future<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(callers.submit(() -> lanes.submit(() -> {
                release.await();
                return new byte[0];
            }).get()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lanes.busy() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(lanes.busy(), "five queued or running on one lane, low water 2");
        Thread.interrupted();
        release.countDown();
        // Parks until a finishing signature unparks this thread with at most 2 left; busy() must then be
        // false (spurious wake-ups are allowed, so park again until it is or the deadline passes).
        while (lanes.busy() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(deadline - System.nanoTime());
        }
        assertFalse(lanes.busy());
        assertTrue(System.nanoTime() < deadline, "woken before the deadline");
        for (Future<byte[]> r : results) {
            r.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anOperationsFailureReachesItsCallerAndFreesItsPlace() throws Exception {
        SigningLanes lanes = SigningLanes.of(1, 0);
        IllegalArgumentException refused = new IllegalArgumentException("not below the modulus");
        for (int i = 0; i < 3; i++) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> lanes.submit(() -> {
                throw refused;
            }).get(10, TimeUnit.SECONDS));
            assertSame(refused, failed.getCause());
        }
        assertFalse(lanes.busy(), "low water 0: any signature still counted would make it busy");
        assertArrayEquals(new byte[] {7}, lanes.submit(() -> new byte[] {7}).get(10, TimeUnit.SECONDS));
        assertFalse(lanes.busy());
    }

    @Test
    void refusesWorkOnceStopped() {
        SigningLanes lanes = SigningLanes.of(1, 0);
        lanes.stop(null);
        CompletableFuture<byte[]> refused = lanes.submit(() -> new byte[0]);
        assertTrue(refused.isCompletedExceptionally(), "failed at once, not left waiting");
        assertFalse(lanes.busy(), "a refused submission is not counted");
    }
}
