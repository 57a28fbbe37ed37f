package org.candour.response;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the background mixer counts respondents as busy, and how long a due survey waits (no Quarkus). */
class MixPacingTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void busyMeansAtLeastTheThresholdPerSecondOverTheLookBack() {
        assertTrue(MixScheduler.busy(100, SECOND, 100));
        assertFalse(MixScheduler.busy(99, SECOND, 100));
        assertTrue(MixScheduler.busy(1_000, 10 * SECOND, 100));
        assertFalse(MixScheduler.busy(999, 10 * SECOND, 100));
        // A minute's look-back at 1,100 a second, as in a sustained load test.
        assertTrue(MixScheduler.busy(66_000, 60 * SECOND, 100));
        // A quiet survey: 3 responses in a minute.
        assertFalse(MixScheduler.busy(3, 60 * SECOND, 100));
    }

    @Test
    void noRequestsIsNeverBusyAndAThresholdOfZeroNeverWaits() {
        assertFalse(MixScheduler.busy(0, 0, 100));
        assertFalse(MixScheduler.busy(0, SECOND, 1));
        assertFalse(MixScheduler.busy(1_000_000, SECOND, 0));
        assertTrue(MixScheduler.busy(1, 0, 100), "requests in no measurable time");
    }

    @Test
    void aDueSurveyWaitsOnlyWhileBusyAndOnlyUntilMaxDefer() {
        Duration max = Duration.ofMinutes(5);
        assertTrue(MixScheduler.waits(true, 0, max));
        assertTrue(MixScheduler.waits(true, max.toNanos() - 1, max));
        assertFalse(MixScheduler.waits(true, max.toNanos(), max));
        assertFalse(MixScheduler.waits(false, 0, max));
    }
}
