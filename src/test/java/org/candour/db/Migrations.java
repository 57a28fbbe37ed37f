package org.candour.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;

/**
 * Applies the application's Flyway migrations (src/main/resources/db/migration, V{n}__*.sql) in
 * version order with plain JDBC, for tests and benchmarks that run their own PostgreSQL without
 * Quarkus.
 */
public final class Migrations {

    private Migrations() {
    }

    public static void apply(Connection c) throws Exception {
        Path dir = Path.of(Migrations.class.getResource("/db/migration").toURI());
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().substring(1, f.getFileName().toString().indexOf("__")))))
                    .toList();
        }
        if (files.size() < 5) {
            throw new IllegalStateException("expected the migrations on the classpath, found " + files);
        }
        try (Statement st = c.createStatement()) {
            for (Path f : files) {
                st.execute(Files.readString(f));
            }
        }
    }
}
