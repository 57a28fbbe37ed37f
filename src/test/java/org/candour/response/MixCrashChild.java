package org.candour.response;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

/**
 * Run in a separate JVM by {@link MixCrashTest}: starts a mix batch, says how far it got, and
 * waits, never committing, to be killed with SIGKILL in the middle of the batch.
 */
public final class MixCrashChild {

    private MixCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], "postgres", "postgres")) {
            c.setAutoCommit(false);
            MixBatch.Moved moved = MixBatch.move(c, UUID.fromString(args[1]));
            System.out.println("MOVED " + moved.responses());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
