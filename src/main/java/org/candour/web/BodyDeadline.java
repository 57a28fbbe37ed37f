package org.candour.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Closes the connection of a request whose body has not fully arrived within
 * {@code candour.http.body-deadline}. The idle timeout alone would let a client that trickles a byte
 * at a time hold a connection open for as long as it likes. Records nothing about the request.
 */
@ApplicationScoped
public class BodyDeadline {

    @ConfigProperty(name = "candour.http.body-deadline")
    Duration deadline;

    @Inject
    Vertx vertx;

    void register(@Observes Filters filters) {
        filters.register(this::watch, 46_000);
    }

    private void watch(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!request.isEnded()) {
            long timer = vertx.setTimer(deadline.toMillis(), t -> {
                if (!request.isEnded()) {
                    request.connection().close();
                }
            });
            rc.addEndHandler(v -> vertx.cancelTimer(timer));
        }
        rc.next();
    }
}
