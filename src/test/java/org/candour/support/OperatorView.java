package org.candour.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;

/**
 * What the operator holds, searched for a marker: every row of every table as text and its bytes, the service's log, and
 * every file of the database's data directory (heap, indexes, WAL) after a checkpoint, plus any other
 * directories given (an upload directory, say).
 */
public final class OperatorView {

    private OperatorView() {
    }

    public static void assertNowhere(DataSource dataSource, String marker, Path... alsoSearched) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("checkpoint");
        }
        rowsHolding(dataSource, marker).forEach((table, n) -> assertEquals(0, n, "plaintext in table " + table));
        assertFalse(contains(read(Path.of("target/candour-test.log")), marker), "plaintext in the log");
        List<Path> roots = new ArrayList<>(List.of(EmbeddedPostgresTestResource.dataDirectory()));
        roots.addAll(List.of(alsoSearched));
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(contains(read(f), marker), "plaintext on disk in " + f);
                }
            }
        }
    }

    /**
     * For each table, how many rows hold {@code marker} in the clear: in their text, or as bytes in a
     * {@code bytea} column (which a row's text shows as hex).
     */
    public static Map<String, Long> rowsHolding(DataSource dataSource, String marker) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select tablename from pg_tables where schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (var q = c.prepareStatement("select count(*) from \"" + table + "\" t where position(? in t::text) > 0"
                        + " or position(encode(convert_to(?, 'UTF8'), 'hex') in t::text) > 0")) {
                    q.setString(1, marker);
                    q.setString(2, marker);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        out.put(table, rs.getLong(1));
                    }
                }
            }
        }
        return out;
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Whether {@code hay} holds the UTF-8 bytes of {@code marker}. */
    public static boolean contains(byte[] hay, String marker) {
        String needle = new String(marker.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return new String(hay, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
