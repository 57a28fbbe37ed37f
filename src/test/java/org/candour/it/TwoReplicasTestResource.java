package org.candour.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Staff;

/**
 * Two replicas of the packaged jar over one PostgreSQL, as the Kubernetes deployment runs them: a fresh
 * embedded PostgreSQL, and a second jar process ({@link #secondPort()}) started here with the same
 * settings as the one Quarkus launches for the test (the same database, master key and bootstrap admin;
 * the mixer looking every second). Both start at about the same time, so they also race through the
 * migrations and the bootstrap admin. The second replica's log goes to {@code target/second-replica.log}.
 */
public class TwoReplicasTestResource implements QuarkusTestResourceLifecycleManager {

    private static int secondPort;
    private final EmbeddedPostgresTestResource database = new EmbeddedPostgresTestResource();
    private Process second;

    /** The second replica's HTTP port. */
    public static int secondPort() {
        return secondPort;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(database.start());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        config.put("candour.master-key", Base64.getEncoder().encodeToString(key));
        config.put("candour.bootstrap.admin-password", Staff.ADMIN_PASSWORD);
        config.put("candour.session.secure-cookie", "false");
        config.put("candour.mix.check-every", "PT1S");
        try (ServerSocket s = new ServerSocket(0)) {
            secondPort = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/quarkus-app/quarkus-run.jar"));
        config.forEach((name, value) -> pb.environment().put(environmentName(name), value));
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(secondPort));
        pb.redirectErrorStream(true).redirectOutput(new File("target/second-replica.log"));
        try {
            second = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /** {@code candour.master-key} as the environment variable {@code CANDOUR_MASTER_KEY}. */
    static String environmentName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public void stop() {
        if (second != null) {
            second.destroy();
            try {
                if (!second.waitFor(30, TimeUnit.SECONDS)) {
                    second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        database.stop();
    }
}
