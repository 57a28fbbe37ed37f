package org.candour.web;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.candour.db.EmbeddedPostgresConfigSourceFactory;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Answers 503 with {@code Retry-After} at once, for every request but health checks and static files,
 * while PostgreSQL cannot be reached, instead of letting requests wait on a stopped or frozen
 * database. Once a second, on a worker thread (a Vert.x timer, one probe at a time), it runs
 * {@code select 1} on a connection of its own, outside the pool, that gives up after
 * {@link #TIMEOUT_SECONDS}: so a failure is noticed within about three seconds, and the first probe
 * that succeeds after the database is back lets requests through again. Each process probes for
 * itself; nothing is stored. When the process runs the embedded PostgreSQL and it has died, the probe
 * starts it again ({@link EmbeddedPostgresConfigSourceFactory#restartIfDead}). A request already waiting on the database when it stopped is bounded by
 * its own timeouts (the pool's acquisition timeout; {@code db/NetworkTimeout} on respondents' paths).
 */
@ApplicationScoped
public class DatabaseProbe {

    private static final Logger LOG = Logger.getLogger(DatabaseProbe.class);
    static final int TIMEOUT_SECONDS = 2;
    private static final long EVERY_MILLIS = 1_000;

    @Inject
    Vertx vertx;

    @Inject
    Config config;

    private volatile boolean down;
    private Connection probe;
    private long timer = -1;

    void start(@Observes StartupEvent e) {
        timer = vertx.setPeriodic(EVERY_MILLIS, id -> vertx.executeBlocking(() -> {
            check();
            return null;
        }, true));
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        close();
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 44_000);
    }

    /** Whether the last probe failed. */
    public boolean down() {
        return down;
    }

    private void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!down || path.startsWith("/q/") || path.startsWith("/css/") || path.startsWith("/js/")) {
            rc.next();
            return;
        }
        rc.response().putHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        ShortAnswer.send(rc, 503, "Briefly unavailable",
                "The service is briefly unavailable. Please try again in a few seconds.");
    }

    private synchronized void check() {
        try {
            if (probe == null) {
                probe = connect();
            }
            try (Statement st = probe.createStatement()) {
                st.execute("select 1");
            }
            if (down) {
                LOG.info("The database answers again");
            }
            down = false;
        } catch (SQLException | RuntimeException e) {
            if (!down) {
                LOG.warn("The database does not answer; requests are answered 503 until it does");
            }
            down = true;
            close();
            try {
                EmbeddedPostgresConfigSourceFactory.restartIfDead();
            } catch (RuntimeException restart) {
                LOG.warn("The embedded PostgreSQL could not be started again; retrying", LogSafe.redact(restart));
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> p.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(w -> p.setProperty("password", w));
        String t = String.valueOf(TIMEOUT_SECONDS);
        p.setProperty("connectTimeout", t);
        p.setProperty("loginTimeout", t);
        p.setProperty("socketTimeout", t);
        p.setProperty("ApplicationName", "candour-probe");
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), p);
    }

    private synchronized void close() {
        if (probe != null) {
            try {
                probe.close();
            } catch (SQLException e) {
                // already broken
            }
            probe = null;
        }
    }
}
