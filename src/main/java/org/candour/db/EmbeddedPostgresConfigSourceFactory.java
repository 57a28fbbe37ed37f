package org.candour.db;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Supplies the datasource when none is configured: in dev mode, the demo and anywhere
 * {@code candour.embedded-pg.enabled=true}, it starts an embedded PostgreSQL 18 on a persistent
 * data directory. A configured {@code quarkus.datasource.jdbc.url} (property, environment,
 * {@code -D}) always wins. In prod without either, start-up stops with a message saying how to
 * give a server.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.jdbc.url";
    static final String URL_PROPERTY = "candour.embedded-pg.jdbc-url";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);
    private static EmbeddedPostgres server;
    private static Path serverData;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // Also called while the application is being built: never start a server then.
        if (ExecutionMode.current() == ExecutionMode.UNSET) {
            return List.of();
        }
        if (isSet(context.getValue(URL))) {
            return List.of();
        }
        if (!"true".equalsIgnoreCase(valueOf(context.getValue("candour.embedded-pg.enabled")))) {
            if (context.getProfiles().contains("prod")) {
                throw new IllegalStateException("""
                        No database is configured. Candour needs PostgreSQL: set \
                        QUARKUS_DATASOURCE_JDBC_URL (e.g. jdbc:postgresql://db:5432/candour), \
                        QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD, or, for a \
                        demo on one machine only, CANDOUR_EMBEDDED_PG_ENABLED=true to start an \
                        embedded PostgreSQL. See README.md, "Configuration".""");
            }
            return List.of();
        }
        return List.of(new MapBackedConfigSource("candour-embedded-postgres", Map.of(
                URL, startOnce(context),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres"), 275) {
        });
    }

    private static synchronized String startOnce(ConfigSourceContext context) {
        // Dev-mode live reload builds a new configuration in the same JVM: reuse the server.
        String published = System.getProperty(URL_PROPERTY);
        if (published != null) {
            return published;
        }
        String dir = valueOf(context.getValue("candour.embedded-pg.data-dir"));
        Path dataDir = Path.of(dir == null ? ".candour/pgdata" : dir).toAbsolutePath();
        LOG.infof("No datasource configured: starting the embedded PostgreSQL with its data in %s", dataDir);
        server = EmbeddedPostgresLauncher.start(dataDir, true);
        serverData = dataDir;
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresConfigSourceFactory::stop,
                "embedded-postgres-stop"));
        String url = EmbeddedPostgresLauncher.jdbcUrl(server);
        System.setProperty(URL_PROPERTY, url);
        return url;
    }

    /**
     * Starts the embedded PostgreSQL again if this process started it and it has died (the demo keeps
     * serving after a database crash); does nothing for an external server. Called by the database
     * probe when the database stops answering.
     */
    public static synchronized void restartIfDead() {
        if (server != null) {
            server = EmbeddedPostgresLauncher.restartIfDead(server, serverData);
        }
    }

    private static synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
            server = null;
        }
    }

    private static boolean isSet(ConfigValue v) {
        String s = valueOf(v);
        return s != null && !s.isBlank();
    }

    private static String valueOf(ConfigValue v) {
        return v == null ? null : v.getValue();
    }
}
