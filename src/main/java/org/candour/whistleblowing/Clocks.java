package org.candour.whistleblowing;

import java.time.LocalDate;

/**
 * A case's statutory clocks, from its days alone (no time of day is ever stored): the acknowledgement is due
 * {@code acknowledgeDays} after the day received (7 by default, the Directive's Art. 9(1)(b)), feedback
 * {@code feedbackDays} after it (90, within Art. 9(1)(f)'s three months); each is overdue from the day after
 * it is due until it is done, and feedback is no longer awaited once the case is concluded. A concluded case
 * is kept its channel's retention days and deleted after that day. Pure: tested as plain unit tests.
 *
 * @param acknowledgeBy          the last day to acknowledge
 * @param feedbackBy             the last day to give feedback
 * @param acknowledgementOverdue not acknowledged, and {@code acknowledgeBy} has passed
 * @param feedbackOverdue        no feedback, not concluded, and {@code feedbackBy} has passed
 */
public record Clocks(LocalDate acknowledgeBy, LocalDate feedbackBy, boolean acknowledgementOverdue,
        boolean feedbackOverdue) {

    /** Handlers are warned this many days before a concluded case is deleted. */
    public static final int DELETION_WARNING_DAYS = 14;

    /** The clocks of a case received on {@code received}, as they stand on {@code today}. */
    public static Clocks of(LocalDate received, int acknowledgeDays, int feedbackDays, LocalDate acknowledgedOn,
            LocalDate feedbackOn, boolean concluded, LocalDate today) {
        LocalDate ackBy = received.plusDays(acknowledgeDays);
        LocalDate feedbackBy = received.plusDays(feedbackDays);
        return new Clocks(ackBy, feedbackBy, acknowledgedOn == null && today.isAfter(ackBy),
                feedbackOn == null && !concluded && today.isAfter(feedbackBy));
    }

    /** The last day a case concluded on {@code concludedOn} is kept; it is deleted the day after. */
    public static LocalDate keepUntil(LocalDate concludedOn, int retentionDays) {
        return concludedOn.plusDays(retentionDays);
    }

    /** Whether a case kept until {@code keepUntil} is deleted within the warning period from {@code today}. */
    public static boolean deletionSoon(LocalDate keepUntil, LocalDate today) {
        return keepUntil != null && keepUntil.isBefore(today.plusDays(DELETION_WARNING_DAYS));
    }
}
