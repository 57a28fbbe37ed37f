package org.candour.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The body limits, explained, and the bound on large bodies in memory. Forms that carry files ({@value #UPLOADS}…
 * and, in the JSON API, {@value #API_UPLOADS}…, parsed in memory by
 * {@link InMemoryMultipart}) may send up to {@code candour.http.max-upload-size}, and only
 * {@code candour.http.uploads-at-once} of them are received at once on this replica (more wait for a
 * 503 with Retry-After), so their bodies bound this replica's memory. Every other request may send at
 * most {@code candour.http.max-body-size} declared in Content-Length. A body sent without one (chunked)
 * cannot be bounded before it is read: Quarkus's own limit ({@code quarkus.http.limits.max-body-size},
 * above both) bounds it and it takes a turn among the uploads. Quarkus alone would refuse an oversize
 * body with a bare 413; this filter runs first and says why, as JSON or as a short page.
 */
@ApplicationScoped
public class BodyLimitHandler {

    /** The path prefix of the forms that carry files. */
    public static final String UPLOADS = "/uploads/";
    /** The path prefix of the JSON API's requests that carry files (multipart). */
    public static final String API_UPLOADS = "/api/uploads/";

    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    @ConfigProperty(name = "candour.http.max-body-size")
    MemorySize limit;

    @ConfigProperty(name = "candour.http.max-upload-size")
    MemorySize uploadLimit;

    @ConfigProperty(name = "candour.http.uploads-at-once")
    int uploadsAtOnce;

    private final AtomicInteger uploading = new AtomicInteger();

    void register(@Observes Filters filters) {
        filters.register(this::check, 45_000);
    }

    private void check(RoutingContext rc) {
        String path = rc.request().path();
        boolean upload = path.startsWith(UPLOADS) || path.startsWith(API_UPLOADS);
        String length = rc.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        long max = upload ? uploadLimit.asLongValue() : limit.asLongValue();
        if (declared > max) {
            tooLarge(rc, declared, max, upload);
            return;
        }
        // A body without a Content-Length (chunked) cannot be bounded before it is read: Quarkus's own limit
        // bounds it, and it waits its turn with the files.
        boolean unbounded = declared < 0 && rc.request().headers().contains("Transfer-Encoding");
        if ((upload && declared > 0) || unbounded) {
            if (uploading.incrementAndGet() > uploadsAtOnce) {
                uploading.decrementAndGet();
                rc.response().putHeader("Retry-After", "30").putHeader("Connection", "close");
                rc.response().endHandler(v -> rc.request().connection().close());
                ShortAnswer.send(rc, 503, "Busy", "Other files are being received just now. Nothing was sent or"
                        + " kept: go back and send the form again in a minute.");
                // (the connection closes after this answer, so the unread body is dropped)
                return;
            }
            rc.addEndHandler(v -> uploading.decrementAndGet());
        }
        rc.next();
    }

    private void tooLarge(RoutingContext rc, long declared, long max, boolean upload) {
        // Read and discard a body of reasonable size first, so that a client that sends it all before
        // reading (as browsers do) sees the answer rather than a broken connection. Larger bodies,
        // or a client that waits for "100 Continue", get the answer at once and the connection closed.
        boolean expectsContinue = "100-continue".equalsIgnoreCase(rc.request().getHeader("Expect"));
        String message = upload
                ? "The form is larger than the " + (max / (1024 * 1024)) + " MiB this service accepts: files are at most"
                        + " 10 MiB each and 25 MiB together. Nothing was sent; go back and choose smaller files."
                : "The request is larger than the " + (max / (1024 * 1024)) + " MiB this service accepts. Unit files are"
                        + " at most 2 MiB and survey definitions at most 512 KiB.";
        if (!expectsContinue && declared <= DRAIN_LIMIT) {
            rc.request().handler(chunk -> { });
            rc.request().endHandler(v -> refuse(rc, message, false));
            rc.request().resume();
            return;
        }
        refuse(rc, message, true);
    }

    private void refuse(RoutingContext rc, String message, boolean close) {
        if (rc.response().ended()) {
            return;
        }
        if (close) {
            rc.response().putHeader("Connection", "close");
            rc.response().endHandler(v -> rc.request().connection().close());
        }
        ShortAnswer.send(rc, 413, "Too large", message);
    }
}
