package org.candour.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/** Removing the traces a change left in PostgreSQL's files once it is no longer needed there. */
public final class Wal {

    private static final Logger LOG = Logger.getLogger(Wal.class);

    private Wal() {
    }

    /**
     * Lets PostgreSQL drop the WAL written before now: a switch to a new WAL segment, then a checkpoint,
     * after which the segments before it are no longer needed for recovery and are removed (recycled
     * ones are overwritten; the embedded server sets {@code wal_recycle=off} so they are deleted). Needs
     * a role allowed to do both (superuser, or {@code pg_checkpoint} and execute on {@code
     * pg_switch_wal}); without it the WAL is kept until PostgreSQL's own checkpoints, and nothing fails.
     * WAL archives and streaming replicas keep their copies regardless (deploy/README.md). Runs on a
     * connection in autocommit.
     */
    public static void forget(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("select pg_switch_wal()");
            st.execute("checkpoint");
        } catch (SQLException e) {
            LOG.debug("No WAL switch and checkpoint (the database role may not be allowed)");
        }
    }

    /**
     * Vacuums the tables (index cleanup on, which VACUUM would skip when few pages changed), so the old
     * row versions and index entries of deleted or moved rows are gone from the data files, then
     * {@link #forget forgets the WAL}. Runs on a connection in autocommit.
     */
    public static void vacuumAndForget(Connection c, String tables) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("vacuum (index_cleanup on) " + tables);
        }
        forget(c);
    }
}
