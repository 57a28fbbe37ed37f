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
 * address, user agent, query string or real path (a path may hold an id or a code), and it logs
 * nothing at all for respondent and reporter paths, not even a time.
 */
@ApplicationScoped
public class RequestLog {

    /** Routing-context key under which the matched route template is stored. */
    public static final String ROUTE = "candour.route";
    private static final Logger LOG = Logger.getLogger("org.candour.request");

    @ConfigProperty(name = "candour.log.quiet-paths")
    List<String> quietPaths;

    void register(@Observes Filters filters) {
        filters.register(this::handle, 10);
    }

    private void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean quiet = quietPaths.stream().anyMatch(path::startsWith);
        if (!quiet && LOG.isInfoEnabled()) {
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

    /** For requests no resource matched: a coarse class of path, never the path itself. */
    static String templateOf(String path) {
        if (path.startsWith("/q/health")) {
            return "/q/health";
        }
        if (path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/img/")) {
            return "[static]";
        }
        return "[unmatched]";
    }
}
