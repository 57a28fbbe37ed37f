package org.candour.web;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A token bucket shared by every replica, kept in PostgreSQL ({@code rate_bucket}, unlogged). It counts
 * requests, never who made them, so it can be used on anonymous paths without recording anything
 * about a person. Each process leases tokens from the shared bucket in small chunks (at most a 50th
 * of a second's worth) and spends them locally, so the database is asked about once per chunk, not
 * once per request; what a process has leased and not spent is at most one chunk. The refill is
 * measured on the database's clock, so replicas agree on it.
 *
 * <p>{@link #acquire()} may ask the database: call it on a worker thread, never the event loop.
 */
public final class SharedRateLimit {

    /** Refills the bucket by the time since its last lease, grants up to a chunk, and keeps the rest. */
    private static final String LEASE = "update rate_bucket set"
            + " granted = least(?, floor(least(?, tokens + greatest(0, extract(epoch from statement_timestamp()"
            + " - updated_at)) * ?)))::integer,"
            + " tokens = least(?, tokens + greatest(0, extract(epoch from statement_timestamp() - updated_at)) * ?)"
            + " - least(?, floor(least(?, tokens + greatest(0, extract(epoch from statement_timestamp()"
            + " - updated_at)) * ?))),"
            + " updated_at = greatest(updated_at, statement_timestamp())"
            + " where name = ? returning granted";

    private static final String CREATE = "insert into rate_bucket (name, tokens, updated_at)"
            + " values (?, ?, statement_timestamp()) on conflict (name) do nothing";

    private final AgroalDataSource dataSource;
    private final String name;
    private final double perSecond;
    private final double burst;
    private final int chunk;
    private int leased;

    public SharedRateLimit(AgroalDataSource dataSource, String name, double perSecond, double burst) {
        this.dataSource = dataSource;
        this.name = name;
        this.perSecond = perSecond;
        this.burst = burst;
        this.chunk = chunk(perSecond, burst);
    }

    /** A limit of {@code rate} requests a second over all replicas, absorbing bursts of twice that. */
    public static SharedRateLimit perSecond(AgroalDataSource dataSource, String name, int rate) {
        return new SharedRateLimit(dataSource, name, rate, 2.0 * rate);
    }

    /** Tokens leased at once: a 50th of a second's worth, at least one, at most a quarter of the burst. */
    static int chunk(double perSecond, double burst) {
        return (int) Math.max(1, Math.min(perSecond / 50, burst / 4));
    }

    /** Takes one token, or throws a 429 that says to try again shortly. */
    public synchronized void acquire() {
        // One lease at a time per process, and only when what it leased before is spent.
        if (leased == 0) {
            leased = lease();
        }
        if (leased == 0) {
            throw new ProblemException(429, "Too many requests right now. Please try again in a minute.");
        }
        leased--;
    }

    /** Tokens granted from the shared bucket (0 when it is empty). */
    private int lease() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Integer granted = update(c);
            if (granted == null) {
                try (PreparedStatement st = c.prepareStatement(CREATE)) {
                    st.setString(1, name);
                    st.setDouble(2, burst);
                    st.executeUpdate();
                }
                granted = update(c);
            }
            return granted == null ? 0 : granted;
        } catch (SQLException e) {
            throw new IllegalStateException("the rate limit could not be read", LogSafe.redact(e));
        }
    }

    private Integer update(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(LEASE)) {
            int i = 1;
            for (double v : new double[] {chunk, burst, perSecond, burst, perSecond, chunk, burst, perSecond}) {
                st.setDouble(i++, v);
            }
            st.setString(i, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }
}
