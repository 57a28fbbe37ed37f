package org.candour.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Quarkus refuses a declared body over {@code quarkus.http.limits.max-body-size} with a bare 413.
 * This filter runs first and says why, as JSON or as a short page.
 */
@ApplicationScoped
public class BodyLimitHandler {

    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    void register(@Observes Filters filters) {
        filters.register(this::check, 45_000);
    }

    private void check(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= limit.asLongValue()) {
            rc.next();
            return;
        }
        // Read and discard a body of reasonable size first, so that a client that sends it all before
        // reading (as browsers do) sees the answer rather than a broken connection. Larger bodies,
        // or a client that waits for "100 Continue", get the answer at once and the connection closed.
        boolean expectsContinue = "100-continue".equalsIgnoreCase(rc.request().getHeader("Expect"));
        if (!expectsContinue && declared <= DRAIN_LIMIT) {
            rc.request().handler(chunk -> { });
            rc.request().endHandler(v -> refuse(rc, false));
            rc.request().resume();
            return;
        }
        refuse(rc, true);
    }

    private void refuse(RoutingContext rc, boolean close) {
        if (rc.response().ended()) {
            return;
        }
        String message = "The request is larger than the " + (limit.asLongValue() / (1024 * 1024))
                + " MiB this service accepts. Unit files are at most 2 MiB and survey definitions at most 512 KiB.";
        String accept = rc.request().getHeader("Accept");
        boolean html = accept != null && accept.contains("text/html") && !rc.normalizedPath().startsWith("/api/");
        rc.response().setStatusCode(413);
        if (close) {
            rc.response().putHeader("Connection", "close");
            rc.response().endHandler(v -> rc.request().connection().close());
        }
        if (html) {
            rc.response().putHeader("Content-Type", "text/html; charset=UTF-8")
                    .end("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Too large</title>"
                            + "<link rel=\"stylesheet\" href=\"/css/candour.css\"></head><body><main><h1>Too large</h1>"
                            + "<p class=\"error\" role=\"alert\">" + message + "</p></main></body></html>");
        } else {
            rc.response().putHeader("Content-Type", "application/json")
                    .end("{\"status\":413,\"error\":\"" + message + "\",\"problems\":[],\"reference\":null}");
        }
    }
}
