package org.candour.auth;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.security.SecureRandom;
import java.util.Base64;
import org.candour.account.AccountConfig;
import org.candour.crypto.KeyedHash;
import org.candour.crypto.MasterKey;

/**
 * CSRF tokens for the staff pages: a random per-browser cookie ({@code candour_csrf}, HttpOnly,
 * SameSite=Strict) and, in every form, the field {@code _csrf} = HMAC(key, cookie | session cookie).
 * A forged form from another site has neither the cookie's value nor the key. Binding the session
 * means a token seen before sign-in is useless after it. Templates use {@code {inject:csrf.token}}.
 */
@RequestScoped
@Named("csrf")
public class CsrfTokens {

    public static final String COOKIE = "candour_csrf";
    public static final String FIELD = "_csrf";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Inject
    CurrentVertxRequest request;

    @Inject
    MasterKey masterKey;

    @Inject
    AccountConfig config;

    private String seed;

    /** The value of the hidden {@code _csrf} field for forms on this page. */
    public String getToken() {
        return expected(seed());
    }

    public String getField() {
        return FIELD;
    }

    /** True when {@code submitted} is this browser's token. */
    public boolean valid(String submitted) {
        Cookie c = context().request().getCookie(COOKIE);
        if (submitted == null || c == null || c.getValue().length() != 43) {
            return false;
        }
        return KeyedHash.equal(submitted.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                expected(c.getValue()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private String expected(String cookieValue) {
        Cookie session = context().request().getCookie(StaffAuthenticationMechanism.SESSION_COOKIE);
        String bound = cookieValue + "|" + (session == null ? "" : session.getValue());
        return B64.encodeToString(masterKey.purpose("csrf/v1").hash(bound));
    }

    private String seed() {
        if (seed == null) {
            Cookie c = context().request().getCookie(COOKIE);
            if (c != null && c.getValue().length() == 43) {
                seed = c.getValue();
            } else {
                byte[] b = new byte[32];
                RANDOM.nextBytes(b);
                seed = B64.encodeToString(b);
                context().response().addCookie(Cookie.cookie(COOKIE, seed).setPath("/").setHttpOnly(true)
                        .setSecure(config.session().secureCookie()).setSameSite(CookieSameSite.STRICT));
            }
        }
        return seed;
    }

    private RoutingContext context() {
        return request.getCurrent();
    }
}
