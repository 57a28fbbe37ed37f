package org.candour.db;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A fresh, real PostgreSQL 18 for the test run, on a temporary directory. */
public class EmbeddedPostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres server;
    private static Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("candour-test-pg");
            server = EmbeddedPostgresLauncher.start(dataDir, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.datasource.jdbc.url", EmbeddedPostgresLauncher.jdbcUrl(server),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (server != null) {
            try {
                server.close();
                if (Files.exists(dataDir)) {
                    deleteTree(dataDir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    /** A JDBC connection to the test database, for tests that inspect rows directly. */
    public static String jdbcUrl() {
        return EmbeddedPostgresLauncher.jdbcUrl(server);
    }

    /** The test server's data directory, for tests that search the files on disk. */
    public static Path dataDirectory() {
        return dataDir;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
