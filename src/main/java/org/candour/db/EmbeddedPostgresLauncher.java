package org.candour.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the embedded PostgreSQL 18 (zonky) used by dev mode, the tests and the demo when no
 * external server is configured. Durability is switched back on (zonky turns it off by default)
 * and the server's own logging is kept terse so that no row value reaches a log.
 */
public final class EmbeddedPostgresLauncher {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresLauncher.class);

    private EmbeddedPostgresLauncher() {
    }

    /** Starts a server on {@code dataDirectory}, creating it on first use and keeping it after. */
    public static EmbeddedPostgres start(Path dataDirectory, boolean keepData) {
        return start(dataDirectory, keepData, 0);
    }

    /**
     * If the server's postmaster has died ({@code kill -9}, a crash), starts it again on the same data
     * directory and port, so the JDBC URL the application was given stays right; PostgreSQL recovers
     * from its WAL as after any crash. Returns the running server (the same one when it was alive).
     */
    public static EmbeddedPostgres restartIfDead(EmbeddedPostgres pg, Path dataDirectory) {
        if (postmasterAlive(dataDirectory)) {
            return pg;
        }
        LOG.warn("The embedded PostgreSQL has stopped; starting it again");
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            // its postmaster is gone already; this only releases what this JVM held
        }
        return start(dataDirectory, true, pg.getPort());
    }

    private static boolean postmasterAlive(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory, boolean keepData, int port) {
        try {
            Files.createDirectories(dataDirectory);
            stopStalePostmaster(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(!keepData)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // An accepted submission must be durable before the 2xx.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // Sized for sustained intake (docs/performance.md): room for the held and mixed
                    // rows in memory, so backends rarely write out dirty pages themselves, and
                    // checkpoints spaced by time rather than forced by WAL volume mid-burst. Neither
                    // setting weakens durability: every commit is still flushed before the 2xx.
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    // The WAL records every commit with its time: keep no more of it than recovery
                    // needs. Segments a checkpoint no longer needs are deleted rather than kept for
                    // reuse, and the mixer switches segment and checkpoints after each batch
                    // (docs/threat-model.md, "The WAL").
                    .setServerConfig("min_wal_size", "32MB")
                    .setServerConfig("wal_recycle", "off")
                    // Keep row values and client details out of the server log.
                    .setServerConfig("log_error_verbosity", "terse")
                    .setServerConfig("log_min_error_statement", "panic")
                    .setServerConfig("log_connections", "off")
                    .setServerConfig("log_disconnections", "off")
                    .setServerConfig("max_connections", "100")
                    .start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + ". Give an external server with QUARKUS_DATASOURCE_JDBC_URL instead.", e);
        }
    }

    /** The JDBC URL of the server's default database. */
    public static String jdbcUrl(EmbeddedPostgres pg) {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
    }

    /**
     * After a {@code kill -9} of the JVM the postmaster keeps running and its {@code postmaster.pid}
     * blocks the next start. Stop it, but only if that PID really is a postgres process.
     */
    static void stopStalePostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !isPostgresFor(pid, dataDirectory)) {
            return;
        }
        LOG.warnf("Stopping a stale embedded PostgreSQL (pid %d) left by an earlier run", pid);
        try {
            // SIGINT is PostgreSQL's "fast shutdown": it rolls back open transactions and checkpoints.
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
            if (!handle.get().onExit().toCompletableFuture().completeOnTimeout(null, 30, TimeUnit.SECONDS)
                    .thenApply(p -> p != null).join()) {
                handle.get().destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True only for a postgres process serving this data directory (a reused PID is left alone). */
    private static boolean isPostgresFor(long pid, Path dataDirectory) {
        try {
            byte[] cmd = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = List.of(new String(cmd, StandardCharsets.UTF_8).split("\0"));
            String first = args.isEmpty() ? "" : args.get(0);
            boolean postgres = first.endsWith("/postgres") || first.equals("postgres");
            return postgres && args.stream().anyMatch(a -> a.equals(dataDirectory.toString())
                    || a.equals(dataDirectory.toAbsolutePath().toString()));
        } catch (IOException e) {
            return false;
        }
    }
}
