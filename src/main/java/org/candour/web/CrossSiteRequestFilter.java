package org.candour.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Set;

/**
 * Refuses state-changing requests that a browser says come from another site (Fetch Metadata,
 * else Origin). Forms also carry a CSRF token; this covers what a token cannot, such as a
 * cross-site form posted to the admin API with Basic credentials the browser has cached.
 * Clients that are not browsers send neither header and are unaffected.
 */
@ApplicationScoped
public class CrossSiteRequestFilter {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    void register(@Observes Filters filters) {
        filters.register(this::check, 40_000);
    }

    void check(RoutingContext rc) {
        if (SAFE.contains(rc.request().method()) || !crossSite(rc.request().getHeader("Sec-Fetch-Site"),
                rc.request().getHeader("Origin"), rc.request().authority() == null ? null
                        : rc.request().authority().toString())) {
            rc.next();
            return;
        }
        rc.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end("{\"status\":403,\"error\":\"Requests from other sites are refused.\",\"problems\":[],\"reference\":null}");
    }

    static boolean crossSite(String fetchSite, String origin, String authority) {
        if (fetchSite != null) {
            return !("same-origin".equals(fetchSite) || "none".equals(fetchSite));
        }
        if (origin == null || authority == null) {
            return false;
        }
        if ("null".equals(origin)) {
            return true;
        }
        try {
            URI o = URI.create(origin);
            String host = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host == null || !host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
