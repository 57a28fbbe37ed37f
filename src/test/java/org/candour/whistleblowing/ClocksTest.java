package org.candour.whistleblowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The statutory clocks as plain computations on days. */
class ClocksTest {

    static final LocalDate RECEIVED = LocalDate.of(2026, 3, 27);

    @Test
    void anAcknowledgementIsDueSevenDaysAfterReceiptAndOverdueFromTheEighth() {
        assertEquals(LocalDate.of(2026, 4, 3), Clocks.of(RECEIVED, 7, 90, null, null, false, RECEIVED).acknowledgeBy());
        assertFalse(Clocks.of(RECEIVED, 7, 90, null, null, false, RECEIVED.plusDays(7)).acknowledgementOverdue(),
                "the seventh day is still in time");
        assertTrue(Clocks.of(RECEIVED, 7, 90, null, null, false, RECEIVED.plusDays(8)).acknowledgementOverdue());
        assertFalse(Clocks.of(RECEIVED, 7, 90, RECEIVED.plusDays(9), null, false, RECEIVED.plusDays(20))
                .acknowledgementOverdue(), "acknowledged late is no longer overdue");
    }

    @Test
    void feedbackIsDueNinetyDaysAfterReceiptWithinTheDirectivesThreeMonths() {
        Clocks c = Clocks.of(RECEIVED, 7, 90, null, null, false, RECEIVED);
        assertEquals(LocalDate.of(2026, 6, 25), c.feedbackBy());
        assertFalse(c.feedbackBy().isAfter(RECEIVED.plusMonths(3)), "never later than three months");
        assertFalse(Clocks.of(RECEIVED, 7, 90, null, null, false, c.feedbackBy()).feedbackOverdue());
        assertTrue(Clocks.of(RECEIVED, 7, 90, null, null, false, c.feedbackBy().plusDays(1)).feedbackOverdue());
        assertFalse(Clocks.of(RECEIVED, 7, 90, null, RECEIVED.plusDays(30), false, c.feedbackBy().plusDays(1))
                .feedbackOverdue(), "feedback given");
        assertFalse(Clocks.of(RECEIVED, 7, 90, null, null, true, c.feedbackBy().plusDays(1)).feedbackOverdue(),
                "a concluded case awaits no feedback");
        assertTrue(Clocks.of(RECEIVED, 7, 90, null, null, true, RECEIVED.plusDays(8)).acknowledgementOverdue(),
                "concluding does not acknowledge on its own: the case was never acknowledged in time");
    }

    @Test
    void daysAreCalendarDaysAcrossMonthEndsLeapDaysAndTheClockChange() {
        // 2028 is a leap year; the clocks in the UK go forward on 26 March 2028.
        LocalDate received = LocalDate.of(2028, 2, 25);
        Clocks c = Clocks.of(received, 7, 90, null, null, false, received);
        assertEquals(LocalDate.of(2028, 3, 3), c.acknowledgeBy());
        assertEquals(LocalDate.of(2028, 5, 25), c.feedbackBy());
        assertEquals(LocalDate.of(2027, 1, 3), Clocks.of(LocalDate.of(2026, 12, 27), 7, 90, null, null, false,
                LocalDate.of(2026, 12, 27)).acknowledgeBy(), "over the year's end");
        // A channel's own clocks.
        assertEquals(received.plusDays(1), Clocks.of(received, 1, 7, null, null, false, received).acknowledgeBy());
        assertEquals(received.plusDays(365), Clocks.of(received, 90, 365, null, null, false, received).feedbackBy());
    }

    @Test
    void aConcludedCaseIsKeptItsRetentionDaysAndHandlersAreWarnedTwoWeeksBefore() {
        LocalDate concluded = LocalDate.of(2026, 11, 2);
        LocalDate keep = Clocks.keepUntil(concluded, 90);
        assertEquals(LocalDate.of(2027, 1, 31), keep);
        assertFalse(Clocks.deletionSoon(keep, keep.minusDays(14)));
        assertTrue(Clocks.deletionSoon(keep, keep.minusDays(13)));
        assertTrue(Clocks.deletionSoon(keep, keep));
        assertFalse(Clocks.deletionSoon(null, keep), "a case not concluded is not deleted");
    }
}
