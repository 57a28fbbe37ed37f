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
        if (close) {
            rc.response().putHeader("Connection", "close");
            rc.response().endHandler(v -> rc.request().connection().close());
        }
        ShortAnswer.send(rc, 413, "Too large", message);
    }
}
