package org.candour.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL session advisory lock that lets one replica at a time run a piece of background work
 * (every replica's Quarkus Scheduler fires; the one that takes the lock does the work). Taken and
 * released on the one pooled connection the work uses, so the connection goes back to the pool
 * without it.
 */
public final class ClusterLock {

    /** The work done under the lock, on the lock's connection (in autocommit). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private ClusterLock() {
    }

    /** The lock's number: a hash of its name, so each kind of work has its own. */
    static long key(String name) {
        return name.hashCode() * 0x9E3779B97F4A7C15L ^ 0x63616e646f7572L;
    }

    /**
     * Runs {@code work} under the named lock and returns its result; with {@code wait} false, returns
     * {@code otherwise} at once when another session holds it.
     */
    public static <T> T run(Connection c, String name, boolean wait, T otherwise, Work<T> work) throws SQLException {
        c.setAutoCommit(true);
        long key = key(name);
        try (PreparedStatement st = c.prepareStatement(wait ? "select pg_advisory_lock(?) is null" : "select pg_try_advisory_lock(?)")) {
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (!wait && !rs.getBoolean(1)) {
                    return otherwise;
                }
            }
        }
        try {
            return work.run(c);
        } finally {
            c.setAutoCommit(true);
            try (PreparedStatement st = c.prepareStatement("select pg_advisory_unlock(?)")) {
                st.setLong(1, key);
                st.execute();
            }
        }
    }
}
