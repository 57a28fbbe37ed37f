package org.candour.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A bound on how long a respondent's request waits on the database socket. PostgreSQL frozen (or a
 * network that silently drops packets) would otherwise hold the request, and its pooled connection,
 * for as long as the freeze lasts; with the bound the statement fails, the request is answered 503
 * (web/DatabaseUnavailable) and the client retries, which is idempotent on every respondent path.
 * The connection's timeout is restored before it goes back to the pool, so background work (the mix,
 * vacuum, results) is never cut short.
 */
public final class NetworkTimeout {

    /** Longest wait for one answer from the database on a respondent's path. */
    public static final int MILLIS = 5_000;

    /** Work on a connection that may throw {@link SQLException}. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    private NetworkTimeout() {
    }

    /**
     * Runs {@code work} as one transaction on {@code c} with the socket timeout set: committed when it
     * returns, rolled back when it throws (a failed rollback is added to what it threw, as suppressed;
     * callers log only redacted copies, which leave suppressed exceptions out), auto-commit restored.
     */
    public static <T> T boundedTransaction(Connection c, Work<T> work) throws SQLException {
        return bounded(c, () -> {
            c.setAutoCommit(false);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** Runs {@code work} with the socket timeout set on {@code c}, then restores the one it had. */
    public static <T> T bounded(Connection c, Work<T> work) throws SQLException {
        int before = c.getNetworkTimeout();
        c.setNetworkTimeout(Runnable::run, MILLIS);
        try {
            return work.run();
        } finally {
            c.setNetworkTimeout(Runnable::run, before);
        }
    }
}
