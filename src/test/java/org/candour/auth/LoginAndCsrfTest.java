package org.candour.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class LoginAndCsrfTest {

    @Test
    void staffPagesRedirectToTheSignInForm() {
        given().redirects().follow(false).get("/admin").then().statusCode(302)
                .header("Location", containsString("/login"));
        given().redirects().follow(false).get("/admin/accounts").then().statusCode(302);
    }

    @Test
    void signingInSetsAStrictHttpOnlySessionCookie() {
        Browserless b = new Browserless();
        String token = b.token("/login");
        Response r = b.post("/login", Map.of("_csrf", token, "username", Staff.ADMIN, "password", Staff.ADMIN_PASSWORD));
        assertEquals(303, r.statusCode());
        assertTrue(r.header("Location").endsWith("/admin"));
        String setCookie = String.join("\n", r.headers().getValues("Set-Cookie"));
        assertTrue(setCookie.contains("candour_session="), setCookie);
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        b.get("/admin").then().statusCode(200).body(containsString("Organisations"));
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessage() {
        Browserless b = new Browserless();
        String token = b.token("/login");
        b.post("/login", Map.of("_csrf", token, "username", Staff.ADMIN, "password", "not the password"))
                .then().statusCode(401).body(containsString("Sign-in failed. Check your username and password."));
        assertTrue(!b.cookies.containsKey("candour_session"));
    }

    @Test
    void aFormWithoutTheTokenIsRefused() {
        Browserless b = new Browserless();
        b.get("/login");
        b.post("/login", Map.of("username", Staff.ADMIN, "password", Staff.ADMIN_PASSWORD))
                .then().statusCode(403).body(containsString("This form has expired or did not come from this site"));
    }

    @Test
    void aTokenFromAnotherBrowserIsRefused() {
        Browserless victim = new Browserless().signIn(Staff.ADMIN, Staff.ADMIN_PASSWORD);
        Browserless attacker = new Browserless().signIn(Staff.ADMIN, Staff.ADMIN_PASSWORD);
        String attackersToken = attacker.token("/admin");
        String slug = Unique.name("csrf");
        victim.post("/admin/organisations", Map.of("_csrf", attackersToken, "slug", slug, "name", "Forged"))
                .then().statusCode(403);
        Staff.admin().get("/api/admin/organisations/" + slug).then().statusCode(404);
        // With its own token the same browser succeeds.
        victim.post("/admin/organisations", Map.of("_csrf", victim.token("/admin"), "slug", slug, "name", "Real"))
                .then().statusCode(303);
        Staff.admin().get("/api/admin/organisations/" + slug).then().statusCode(200).body("name", equalTo("Real"));
    }

    @Test
    void aTokenSeenBeforeSignInIsUselessAfterIt() {
        Browserless b = new Browserless();
        String before = b.token("/login");
        b.post("/login", Map.of("_csrf", before, "username", Staff.ADMIN, "password", Staff.ADMIN_PASSWORD))
                .then().statusCode(303);
        b.post("/admin/organisations", Map.of("_csrf", before, "slug", Unique.name("stale"), "name", "Stale"))
                .then().statusCode(403);
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        Browserless b = new Browserless().signIn(Staff.ADMIN, Staff.ADMIN_PASSWORD);
        String session = b.cookies.get("candour_session");
        assertNotNull(session);
        b.post("/logout", Map.of("_csrf", b.token("/admin"))).then().statusCode(303)
                .header("Location", containsString("/login"));
        // Replaying the old cookie does not work: the session is gone from the database.
        given().redirects().follow(false).cookie("candour_session", session).get("/admin").then().statusCode(302);
    }

    @Test
    void aStaleSessionCookieDoesNotBreakPublicPages() {
        given().cookie("candour_session", "x".repeat(43)).get("/login").then().statusCode(200);
        given().cookie("candour_session", "garbage").get("/").then().statusCode(200);
    }
}
