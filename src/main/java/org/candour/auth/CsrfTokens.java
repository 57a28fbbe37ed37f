package org.candour.auth;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>A respondent's form must not be linked to the same browser's other visits, so it has its own
 * ({@link #formToken}): a cookie {@code candour_form_csrf} made afresh for each visit with
 * {@code Path} set to the form's own path (the browser sends it back there and nowhere else), and the
 * field = HMAC(another key, cookie | path). No other cookie is read or set for it.
 */
@RequestScoped
@Named("csrf")
public class CsrfTokens {

    public static final String COOKIE = "candour_csrf";
    public static final String FORM_COOKIE = "candour_form_csrf";
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
        Cookie c = seedCookie(COOKIE);
        return submitted != null && c != null && same(submitted, expected(c.getValue()));
    }

    /**
     * The token for the form at {@code path} alone (its action must be that path): sets a fresh cookie
     * {@code candour_form_csrf} with {@code Path=path}, replacing the one an earlier visit to that form left.
     */
    public String formToken(String path) {
        String value = random();
        context().response().addCookie(cookie(FORM_COOKIE, value, path));
        return formExpected(value, path);
    }

    /** True when {@code submitted} is the token {@link #formToken} made for this request's path. */
    public boolean validForm(String submitted) {
        Cookie c = seedCookie(FORM_COOKIE);
        return submitted != null && c != null && same(submitted, formExpected(c.getValue(), context().request().path()));
    }

    private String formExpected(String cookieValue, String path) {
        return B64.encodeToString(masterKey.purpose("csrf-form/v1").hash(cookieValue + "|" + path));
    }

    private static boolean same(String submitted, String expected) {
        return KeyedHash.equal(submitted.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** The request's cookie {@code name} when it has the shape of a seed (32 bytes, base64url), else null. */
    private Cookie seedCookie(String name) {
        Cookie c = context().request().getCookie(name);
        return c != null && c.getValue().length() == 43 ? c : null;
    }

    private String expected(String cookieValue) {
        Cookie session = context().request().getCookie(StaffAuthenticationMechanism.SESSION_COOKIE);
        String bound = cookieValue + "|" + (session == null ? "" : session.getValue());
        return B64.encodeToString(masterKey.purpose("csrf/v1").hash(bound));
    }

    private String seed() {
        if (seed == null) {
            Cookie c = seedCookie(COOKIE);
            if (c != null) {
                seed = c.getValue();
            } else {
                seed = random();
                context().response().addCookie(cookie(COOKIE, seed, "/"));
            }
        }
        return seed;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    private Cookie cookie(String name, String value, String path) {
        return Cookie.cookie(name, value).setPath(path).setHttpOnly(true).setSecure(config.session().secureCookie())
                .setSameSite(CookieSameSite.STRICT);
    }

    private RoutingContext context() {
        return request.getCurrent();
    }
}
