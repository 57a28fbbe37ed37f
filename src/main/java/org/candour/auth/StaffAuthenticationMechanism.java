package org.candour.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.candour.auth.SecretAuthenticationRequest.Kind;

/**
 * Staff authentication: on {@code /api/} an API token ({@code Authorization: Bearer}, one lookup, no
 * Argon2id) or HTTP Basic (one Argon2id run per request, within the concurrent-hash bound); everywhere
 * the session cookie set by the sign-in form. Unauthenticated API calls get a Basic challenge; pages
 * redirect to the sign-in form.
 */
@ApplicationScoped
public class StaffAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String SESSION_COOKIE = "candour_session";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && context.normalizedPath().startsWith("/api/")) {
            // A wrong, revoked or malformed token is refused (401), never treated as signed out.
            return identityProviderManager.authenticate(attached(context,
                    new SecretAuthenticationRequest(Kind.API_TOKEN, authorization.substring(7).trim())));
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().failure(new io.quarkus.security.AuthenticationFailedException());
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Uni.createFrom().failure(new io.quarkus.security.AuthenticationFailedException());
            }
            return identityProviderManager.authenticate(attached(context,
                    new UsernamePasswordAuthenticationRequest(decoded.substring(0, colon),
                            new PasswordCredential(decoded.substring(colon + 1).toCharArray()))));
        }
        Cookie cookie = context.request().getCookie(SESSION_COOKIE);
        if (cookie != null) {
            // An expired or unknown session is "not signed in": pages then redirect to the sign-in form.
            return identityProviderManager.authenticate(attached(context,
                    new SecretAuthenticationRequest(Kind.SESSION_COOKIE, cookie.getValue())))
                    .onFailure(io.quarkus.security.AuthenticationFailedException.class).recoverWithNull();
        }
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    private static AuthenticationRequest attached(RoutingContext context, AuthenticationRequest request) {
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return request;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (context.normalizedPath().startsWith("/api/")) {
            return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE,
                    "Basic realm=\"Candour\", charset=\"UTF-8\""));
        }
        return Uni.createFrom().item(new ChallengeData(302, HttpHeaderNames.LOCATION, "/login"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UsernamePasswordAuthenticationRequest.class, SecretAuthenticationRequest.class);
    }
}
