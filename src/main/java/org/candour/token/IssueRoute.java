package org.candour.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.candour.web.Base64Url;
import org.candour.web.DatabaseUnavailable;
import org.candour.web.ErrorBody;
import org.candour.web.ErrorMappers;
import org.candour.web.ProblemException;

/**
 * {@code POST /api/v1/tokens/issue} (docs/protocol.md) on a bare Vert.x route rather than Quarkus
 * REST: it is the respondents' busiest endpoint, and on a 2-core machine the bare route issued about
 * 5% more passes a second than the same code behind Quarkus REST (the git history of docs/performance.md). The router-level
 * filters run before it as for every path (cross-site refusal, declared body size, security headers,
 * no-store). This class does the rest of what Quarkus REST did: JSON only (415), a bounded body (413),
 * the rate limit shared with lookup, and errors in the same JSON form as everywhere else
 * ({@link ErrorMappers#apiError}). The body is read on the event loop; no thread waits for the
 * commit or the signature (the consumer's committer and the signing lanes complete the request), and
 * the database reads a refusal or a key's first use needs run on a worker thread.
 * Anonymous: nothing about the caller is read, stored or logged.
 */
@ApplicationScoped
public class IssueRoute {

    static final String PATH = "/api/v1/tokens/issue";
    /** An issue body is about 450 bytes with RSA-2048 and 620 with RSA-3072. */
    static final int MAX_BODY = 16 * 1024;
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");
    /** The largest k a survey may have (V1); a larger minimum means the same as k. */
    private static final int MAX_MIN_ROUND = 1000;

    public record IssueRequest(String invitationCode, String keyId, String blindedMessage, Integer minRound) {
    }

    @Inject
    TokenService tokens;

    @Inject
    TokenRateLimit limit;

    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        // Ahead of Quarkus REST's routes (order 0 and later), behind the filters (negative priorities).
        router.post(PATH).order(-1_000)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
                .handler(this::handle)
                .failureHandler(this::failed);
    }

    private void handle(RoutingContext ctx) {
        if (!isJson(ctx.request().getHeader("Content-Type"))) {
            send(ctx, ErrorMappers.statusError(415));
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        Executor blocking = task -> ctx.vertx().executeBlocking(() -> {
            task.run();
            return null;
        }, false);
        Buffer body = ctx.body().buffer();
        // The rate limit may ask the database, so it and everything after it run on a worker thread.
        CompletableFuture<TokenService.Issued> issued = CompletableFuture.runAsync(limit::acquire, blocking)
                .thenCompose(v -> {
                    try {
                        return issue(body, blocking);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                });
        issued.whenComplete((result, failure) -> context.runOnContext(v -> {
            if (failure == null) {
                answer(ctx, result);
            } else {
                send(ctx, ErrorMappers.apiError(failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : failure));
            }
        }));
    }

    /**
     * 200 with the blind signature once the claim's round has released it and it is asked about
     * again; otherwise 202 with where the claim stands (docs/protocol.md).
     */
    private void answer(RoutingContext ctx, TokenService.Issued result) {
        IssuanceRounds.Standing s = result.standing();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", s.released() ? "released" : "waiting");
        if (result.blindSignature() != null) {
            body.put("blindSignature", Base64Url.encode(result.blindSignature()));
        }
        body.put("roundSize", s.roundSize());
        body.put("waiting", s.waiting());
        body.put("k", s.k());
        body.put("minRound", s.minRound());
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            send(ctx, ErrorMappers.apiError(e));
            return;
        }
        ctx.response().setStatusCode(result.blindSignature() != null ? 200 : 202)
                .putHeader("Content-Type", "application/json").end(text);
    }

    /**
     * Checks a request body (after the rate limit) and starts issuing: throws a {@link ProblemException} (or Jackson's
     * exception) for what is wrong with it, or returns where the claim will stand.
     */
    CompletableFuture<TokenService.Issued> issue(Buffer body, Executor blocking) throws IOException {
        IssueRequest in = body == null || body.length() == 0 ? null : json.readValue(body.getBytes(), IssueRequest.class);
        if (in == null) {
            throw ProblemException.badRequest("Send {\"invitationCode\", \"keyId\", \"blindedMessage\"}.");
        }
        if (in.invitationCode() == null || in.invitationCode().isBlank()) {
            throw ProblemException.badRequest("invitationCode: required.");
        }
        if (in.keyId() == null || !KEY_ID.matcher(in.keyId()).matches()) {
            throw ProblemException.badRequest("keyId: required, 64 lowercase hex characters.");
        }
        byte[] blinded = Base64Url.decode("blindedMessage", in.blindedMessage());
        if (in.minRound() != null && (in.minRound() < 1 || in.minRound() > MAX_MIN_ROUND)) {
            throw ProblemException.badRequest("minRound: the smallest round you accept, a whole number from 1 to the"
                    + " survey's k; leave it out to wait for k.");
        }
        return tokens.issue(in.invitationCode(), in.keyId(), blinded, in.minRound(), blocking);
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.statusCode() == 413) {
            send(ctx, ErrorMappers.statusError(413));
        } else if (ctx.failure() != null) {
            send(ctx, ErrorMappers.apiError(ctx.failure()));
        } else {
            send(ctx, ErrorMappers.statusError(400));
        }
    }

    private void send(RoutingContext ctx, ErrorBody error) {
        String body;
        try {
            body = json.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + error.status() + "}";
        }
        if (error.status() == 503) {
            ctx.response().putHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        }
        ctx.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json").end(body);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .equalsIgnoreCase("application/json");
    }
}
