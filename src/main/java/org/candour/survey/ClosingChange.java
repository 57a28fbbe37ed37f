package org.candour.survey;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One change to a survey's announced closing day after it opened, as recorded (V17, append-only): the
 * day of the change, what changed, the closing day before and after, and the reason the admin gave.
 * For a close before or after the announced day, {@code to} is the day it closed. {@code from} is null
 * only when a survey opened before closing days were announced is given one.
 */
public record ClosingChange(LocalDate day, Kind kind, LocalDate from, LocalDate to, String reason) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.UK);

    /** What changed; {@link #label()} is how the database and the JSON name it. */
    public enum Kind {
        MOVED("closing moved"),
        CLOSED_EARLY("closed early"),
        CLOSED_LATE("closed late");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown kind of closing change");
        }
    }

    /**
     * The change in one English sentence, the reason included as given (escape it where it is shown):
     * "Closing moved from 12 May 2027 to 19 May 2027, on 10 May 2027: reason".
     */
    public String sentence() {
        return switch (kind) {
            case MOVED -> from == null
                    ? "Closing day set to %s, on %s: %s".formatted(day(to), day(day), reason)
                    : "Closing moved from %s to %s, on %s: %s".formatted(day(from), day(to), day(day), reason);
            case CLOSED_EARLY -> "Closed early on %s, before the announced %s: %s".formatted(day(to), day(from), reason);
            case CLOSED_LATE -> "Closed late on %s, after the announced %s: %s".formatted(day(to), day(from), reason);
        };
    }

    /**
     * The change as the JSON APIs show it: days as YYYY-MM-DD, the kind by its label ("closing moved",
     * "closed early", "closed late") and the sentence.
     */
    public record Json(LocalDate day, String kind, LocalDate from, LocalDate to, String reason, String sentence) {
    }

    public Json json() {
        return new Json(day, kind.label(), from, to, reason, sentence());
    }

    /** A day as the pages write it: "12 May 2027". */
    public static String day(LocalDate day) {
        return day == null ? null : DAY.format(day);
    }
}
