package org.candour.web;

/** Makes a throwable safe to log: the same classes and stack frames, with every message withheld. */
public final class LogSafe {

    private LogSafe() {
    }

    /** A copy of {@code t} and its causes whose messages say only which class was thrown. */
    public static Throwable redact(Throwable t) {
        return copy(t, 0);
    }

    private static Redacted copy(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        Redacted r = new Redacted(t.getClass().getName() + sqlState(t), copy(t.getCause(), depth + 1),
                t instanceof java.sql.SQLException s && DatabaseUnavailable.unreachable(s));
        r.setStackTrace(t.getStackTrace());
        return r;
    }

    private static String sqlState(Throwable t) {
        return t instanceof java.sql.SQLException s && s.getSQLState() != null ? " (SQLState " + s.getSQLState() + ")" : "";
    }

    /**
     * Stands in for a logged exception; its message is the original's class name only. It remembers
     * whether the original said the database was unreachable ({@link DatabaseUnavailable}), which
     * its withheld message can no longer say.
     */
    static final class Redacted extends RuntimeException {
        private final boolean databaseUnavailable;

        Redacted(String message, Throwable cause, boolean databaseUnavailable) {
            super(message + ": [message withheld]", cause);
            this.databaseUnavailable = databaseUnavailable;
        }

        boolean databaseUnavailable() {
            return databaseUnavailable;
        }
    }
}
