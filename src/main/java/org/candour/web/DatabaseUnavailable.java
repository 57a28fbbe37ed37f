package org.candour.web;

import java.sql.SQLException;

/**
 * Whether a failure means the database cannot be reached right now (stopped, restarting, frozen or out
 * of connections), which is answered 503 with {@code Retry-After} instead of 500: the request was not
 * wrong, and trying again shortly is the right thing to do.
 */
public final class DatabaseUnavailable {

    /** Seconds a client is told to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {
    }

    /** True when {@code t} or one of its causes says the database is unreachable. */
    public static boolean causedBy(Throwable t) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException s && unreachable(s)) {
                return true;
            }
            if (t instanceof LogSafe.Redacted r && r.databaseUnavailable()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Connection exceptions (SQLState class 08), the server shutting down or starting (57P01 to 57P03),
     * too many connections (53300), and the pool's own timeout waiting for a connection (Agroal's
     * exception has no SQLState, only its message).
     */
    static boolean unreachable(SQLException s) {
        String state = s.getSQLState();
        if (state != null) {
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                    || state.equals("53300");
        }
        String message = s.getMessage();
        return message != null && message.startsWith("Sorry, acquisition timeout");
    }
}
