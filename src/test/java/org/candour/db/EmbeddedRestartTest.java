package org.candour.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL, killed with {@code kill -9}, is started again on the same data directory and
 * port (so the application's JDBC URL stays right) and has kept every committed row. Plain JUnit with
 * its own server, so killing it hurts no other test.
 */
class EmbeddedRestartTest {

    @Test
    void aKilledServerIsStartedAgainOnTheSamePortWithItsData() throws Exception {
        Path dir = Files.createTempDirectory("candour-restart-pg");
        // Kept data, as the demo keeps it (a server that cleans its directory on close would lose it).
        EmbeddedPostgres pg = EmbeddedPostgresLauncher.start(dir, true);
        try {
            String url = EmbeddedPostgresLauncher.jdbcUrl(pg);
            run(url, "create table kept (n int); insert into kept values (42)");
            assertSame(pg, EmbeddedPostgresLauncher.restartIfDead(pg, dir), "alive: nothing to do");

            long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
            postmaster.onExit().get(30, TimeUnit.SECONDS);

            pg = EmbeddedPostgresLauncher.restartIfDead(pg, dir);
            assertEquals(url, EmbeddedPostgresLauncher.jdbcUrl(pg), "the same port");
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                    Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select n from kept")) {
                rs.next();
                assertEquals(42, rs.getInt(1));
            }
        } finally {
            pg.close();
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
