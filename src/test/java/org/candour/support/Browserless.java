package org.candour.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cookie jar and CSRF-aware form poster: what a browser does, without a browser. */
public final class Browserless {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\"[^>]* value=\"([^\"]*)\">");
    public final Map<String, String> cookies = new HashMap<>();
    /** Cookies set with a path other than "/", by path then name, sent only to that path as a browser does. */
    private final Map<String, Map<String, String>> pathCookies = new HashMap<>();

    private Map<String, String> cookiesFor(String path) {
        Map<String, String> out = new HashMap<>(cookies);
        pathCookies.entrySet().stream().filter(e -> path.equals(e.getKey()) || path.startsWith(e.getKey() + "/"))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> out.putAll(e.getValue()));
        return out;
    }

    private final Map<String, String> lastSet = new HashMap<>();

    /** The value a response last set for cookie {@code name}, whatever its path (for tests that misuse it). */
    public String lastCookie(String name) {
        return lastSet.get(name);
    }

    private void keep(Response r) {
        for (io.restassured.http.Cookie c : r.getDetailedCookies()) {
            lastSet.put(c.getName(), c.getValue());
            String p = c.getPath();
            if (p == null || p.equals("/")) {
                cookies.put(c.getName(), c.getValue());
            } else {
                pathCookies.computeIfAbsent(p, k -> new HashMap<>()).put(c.getName(), c.getValue());
            }
        }
    }

    public Response get(String path) {
        Response r = given().redirects().follow(false).cookies(cookiesFor(path)).accept("text/html").get(path);
        keep(r);
        return r;
    }

    /** Follows a 303 the way a browser would. */
    public Response follow(Response redirect) {
        if (redirect.statusCode() != 303 && redirect.statusCode() != 302) {
            throw new AssertionError("not a redirect: " + redirect.statusCode());
        }
        return get(redirect.header("Location"));
    }

    /** The CSRF token of the form on the page at {@code path}. */
    public String token(String path) {
        Response r = get(path);
        Matcher m = TOKEN.matcher(r.asString());
        if (!m.find()) {
            throw new AssertionError("no _csrf field on " + path + ": " + r.statusCode());
        }
        return m.group(1);
    }

    /** The hidden fields of the page at {@code path} (the CSRF token among them), from one visit. */
    public Map<String, String> hiddenFields(String path) {
        Response r = get(path);
        Map<String, String> fields = new HashMap<>();
        Matcher m = HIDDEN.matcher(r.asString());
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        if (!fields.containsKey("_csrf")) {
            throw new AssertionError("no _csrf field on " + path + ": " + r.statusCode());
        }
        return fields;
    }

    public Response post(String path, Map<String, ?> form) {
        Response r = given().redirects().follow(false).cookies(cookiesFor(path)).accept("text/html")
                .contentType("application/x-www-form-urlencoded").formParams(form).post(path);
        keep(r);
        return r;
    }

    /** Posts a multipart form with one file, as a browser's file upload does. */
    public Response postFile(String path, Map<String, String> fields, String fileField, String fileName, byte[] content,
            String mimeType) {
        var spec = given().redirects().follow(false).cookies(cookiesFor(path)).accept("text/html")
                .multiPart(fileField, fileName, content, mimeType);
        for (var e : fields.entrySet()) {
            spec = spec.multiPart(e.getKey(), e.getValue());
        }
        Response r = spec.post(path);
        keep(r);
        return r;
    }

    /** Signs in through the form; fails the test if that does not work. */
    public Browserless signIn(String username, String password) {
        String token = token("/login");
        Response r = post("/login", Map.of("_csrf", token, "username", username, "password", password));
        if (r.statusCode() != 303) {
            throw new AssertionError("sign-in failed: " + r.statusCode());
        }
        return this;
    }
}
