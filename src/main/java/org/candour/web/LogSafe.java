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
        Redacted r = new Redacted(t.getClass().getName() + sqlState(t), copy(t.getCause(), depth + 1));
        r.setStackTrace(t.getStackTrace());
        return r;
    }

    private static String sqlState(Throwable t) {
        return t instanceof java.sql.SQLException s && s.getSQLState() != null ? " (SQLState " + s.getSQLState() + ")" : "";
    }

    /** Stands in for a logged exception; its message is the original's class name only. */
    static final class Redacted extends RuntimeException {
        Redacted(String message, Throwable cause) {
            super(message + ": [message withheld]", cause);
        }
    }
}
