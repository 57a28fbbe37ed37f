package org.candour.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The only request log: method, route template, status and duration. It never records a client
 * address, user agent, query string or real path (a path may hold an id or a code). Only staff
 * paths ({@code candour.log.logged-paths}) are logged at all: every other path, and so every
 * respondent and reporter path present or future, leaves no line and no time in the log.
 */
@ApplicationScoped
public class RequestLog {

    /** Routing-context key under which the matched route template is stored. */
    public static final String ROUTE = "candour.route";
    private static final Logger LOG = Logger.getLogger("org.candour.request");

    @ConfigProperty(name = "candour.log.logged-paths")
    List<String> loggedPaths;

    void register(@Observes Filters filters) {
        filters.register(this::handle, 50_000);
    }

    private void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (isLogged(path) && LOG.isInfoEnabled()) {
            long start = System.nanoTime();
            String method = rc.request().method().name();
            rc.addEndHandler(v -> {
                Object route = rc.get(ROUTE);
                LOG.infof("%s %s -> %d (%d ms)", method, route == null ? templateOf(path) : route,
                        rc.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000);
            });
        }
        rc.next();
    }

    boolean isLogged(String path) {
        return loggedPrefix(path) != null;
    }

    private String loggedPrefix(String path) {
        for (String prefix : loggedPaths) {
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return prefix;
            }
        }
        return null;
    }

    /**
     * For requests that no resource handled (refused by a filter, or sent to sign in first): the
     * staff prefix they fell under, never the path itself, which may hold an id.
     */
    String templateOf(String path) {
        String prefix = loggedPrefix(path);
        return path.equals(prefix) ? prefix : prefix + "/…";
    }
}
