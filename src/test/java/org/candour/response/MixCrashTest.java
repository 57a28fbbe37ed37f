package org.candour.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.candour.db.EmbeddedPostgresLauncher;
import org.candour.db.Migrations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of intake and the mix against a real PostgreSQL of its own (not the shared test
 * server, which this kills): accepted responses survive a {@code kill -9} of the database before
 * any mix, and a {@code kill -9} of the mixing process or of the database in the middle of a batch
 * leaves every accepted response exactly once. Plain JUnit, no Quarkus.
 */
class MixCrashTest {

    private static final int ACCEPTED = 25;

    private Path dataDir;
    private EmbeddedPostgres pg;
    private UUID survey;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createTempDirectory("candour-crash-pg");
        // Kept data: closing the server object must never delete what a crash left behind.
        pg = EmbeddedPostgresLauncher.start(dataDir, true);
        try (Connection c = connect()) {
            Migrations.apply(c);
        }
        survey = UUID.randomUUID();
        try (Connection c = connect()) {
            UUID org = UUID.randomUUID();
            UUID unit = UUID.randomUUID();
            String keyId = HexFormat.of().formatHex(new byte[32]).replace('0', 'a');
            exec(c, "insert into organisation (id, slug, name) values ('" + org + "', 'crash', 'Crash')");
            exec(c, "insert into reporting_unit (id, organisation_id, external_id, name) values ('" + unit + "', '" + org
                    + "', 't', 'Team')");
            exec(c, "insert into survey (id, organisation_id, title, definition, k_threshold, status) values ('" + survey
                    + "', '" + org + "', 'Crash', '{}', 10, 'OPEN')");
            exec(c, "insert into issuer_key (key_id, survey_id, unit_id, spki) values ('" + keyId + "', '" + survey
                    + "', '" + unit + "', '\\x00')");
            // Each accepted response is its own committed transaction, as at intake.
            c.setAutoCommit(true);
            for (int i = 0; i < ACCEPTED; i++) {
                try (PreparedStatement ps = c.prepareStatement("insert into spent_token (token_hash, survey_id) values (?, ?)")) {
                    byte[] hash = new byte[32];
                    hash[0] = (byte) i;
                    ps.setBytes(1, hash);
                    ps.setObject(2, survey);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into response_holding (id, survey_id, key_id,"
                        + " answers, receipt) values (?, ?, ?, '[]', ?)")) {
                    ps.setObject(1, UUID.randomUUID());
                    ps.setObject(2, survey);
                    ps.setString(3, keyId);
                    ps.setString(4, "receipt-" + i);
                    ps.executeUpdate();
                }
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            // already killed
        }
        if (!Files.exists(dataDir)) {
            return;
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void acceptedResponsesSurviveAKillOfTheDatabaseBeforeAnyMix() throws Exception {
        killDatabase();
        restartDatabase();
        assertState(ACCEPTED, 0);
        mixOnce();
        assertState(0, ACCEPTED);
    }

    @Test
    void killingTheMixerInTheMiddleOfABatchLosesAndDuplicatesNothing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MixCrashChild.class.getName(), url(), survey.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("MOVED"));
            assertEquals("MOVED " + ACCEPTED, line, "the child moved the batch and waits before committing");
            // The batch is written but not committed: now kill -9 the process that is mixing.
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertState(ACCEPTED, 0);
        mixOnce();
        assertState(0, ACCEPTED);
    }

    @Test
    void killingTheDatabaseInTheMiddleOfABatchLosesAndDuplicatesNothing() throws Exception {
        Connection c = connect();
        c.setAutoCommit(false);
        assertEquals(ACCEPTED, MixBatch.move(c, survey).responses());
        killDatabase();
        assertThrows(SQLException.class, c::commit);
        restartDatabase();
        assertState(ACCEPTED, 0);
        mixOnce();
        assertState(0, ACCEPTED);
        mixOnce();
        assertState(0, ACCEPTED);
    }

    private void mixOnce() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            MixBatch.move(c, survey);
            c.commit();
        }
    }

    /** Held and mixed responses as expected, every receipt exactly once, spent tokens likewise. */
    private void assertState(int held, int mixed) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertEquals(held, count(st, "select count(*) from response_holding"));
            assertEquals(mixed, count(st, "select count(*) from response"));
            assertEquals(ACCEPTED, count(st, "select count(distinct receipt) from (select receipt from response_holding"
                    + " union all select receipt from response) r"));
            assertEquals(ACCEPTED, count(st, "select count(*) from (select receipt from response_holding"
                    + " union all select receipt from response) r"));
            assertEquals(ACCEPTED, count(st, "select count(*) from spent_token"));
            assertEquals(held == 0 ? 0 : ACCEPTED, count(st, "select count(*) from spent_token where held"));
        }
    }

    private void killDatabase() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        java.util.List<ProcessHandle> backends = postmaster.descendants().toList();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        for (ProcessHandle b : backends) {
            b.destroyForcibly();
            b.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private void restartDatabase() {
        try {
            pg.close(); // its postmaster is gone; this releases the data directory's lock in this JVM
        } catch (IOException | RuntimeException e) {
            // expected: nothing left to stop
        }
        pg = EmbeddedPostgresLauncher.start(dataDir, true);
    }

    private String url() {
        return EmbeddedPostgresLauncher.jdbcUrl(pg);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "postgres");
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
