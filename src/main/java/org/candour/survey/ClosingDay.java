package org.candour.survey;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.candour.web.ProblemException;

/**
 * The rules for a closing day and for the reason given for changing it, pure, with the 400 each breaks.
 * The database checks the reason again (V17).
 */
public final class ClosingDay {

    /** Days from today that the admin API announces when a survey is opened without a closing day. */
    public static final int DEFAULT_DAYS = 28;
    static final int MIN_REASON = 10;
    static final int MAX_REASON = 500;
    private static final String CHOOSE = "closesOn: choose the day the survey closes (YYYY-MM-DD).";

    private ClosingDay() {
    }

    /** A day given as YYYY-MM-DD; null for null. */
    public static LocalDate parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("closesOn: a day as YYYY-MM-DD, such as 2027-05-12.");
        }
    }

    /** A day given in a form, where one must be given. */
    public static LocalDate fromForm(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(CHOOSE);
        }
        return parse(value);
    }

    /** Refuses a closing day before {@code today} or more than a year after it. */
    public static LocalDate check(LocalDate day, LocalDate today) {
        if (day == null) {
            throw ProblemException.badRequest(CHOOSE);
        }
        if (day.isBefore(today)) {
            throw ProblemException.badRequest("closesOn: the closing day is today (" + today + ") or later.");
        }
        LocalDate latest = latest(today);
        if (day.isAfter(latest)) {
            throw ProblemException.badRequest("closesOn: the closing day is at most a year ahead (" + latest + ").");
        }
        return day;
    }

    /** The latest closing day that may be announced today. */
    public static LocalDate latest(LocalDate today) {
        return today.plusYears(1);
    }

    /**
     * The reason as recorded: trimmed, 10 to 500 characters, on one line, with no control or
     * bidirectional-override characters (which could make the shown sentence say something else).
     */
    public static String reason(String raw) {
        String r = raw == null ? "" : raw.strip();
        if (r.isEmpty()) {
            throw ProblemException.badRequest("reason: say why; it is shown to respondents with the change.");
        }
        int length = r.codePointCount(0, r.length());
        if (length < MIN_REASON) {
            throw ProblemException.badRequest("reason: at least " + MIN_REASON + " characters.");
        }
        if (length > MAX_REASON) {
            throw ProblemException.badRequest("reason: at most " + MAX_REASON + " characters.");
        }
        if (r.codePoints().anyMatch(ClosingDay::refused)) {
            throw ProblemException.badRequest("reason: one line of text, without control characters.");
        }
        return r;
    }

    private static boolean refused(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
