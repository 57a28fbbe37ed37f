package org.candour.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.CrossSite;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/** The admin API of the packaged jar (prod profile), over HTTP only. */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresTestResource.class)
@WithTestResource(PackagedJarTestResource.class)
class AdminApiIT {

    @Test
    void theBootstrapAdminListsAccountsWithoutHashes() {
        Staff.admin().get("/api/admin/accounts").then().statusCode(200)
                .body("username", hasItem(Staff.ADMIN))
                .body(not(containsString("argon2")))
                .body(not(containsString("passwordHash")));
    }

    @Test
    void withoutCredentialsTheApiIs401WithABasicChallenge() {
        given().get("/api/admin/accounts").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic realm=\"Candour\""));
        given().auth().preemptive().basic(Staff.ADMIN, "wrong-password-here").get("/api/admin/accounts")
                .then().statusCode(401);
    }

    @Test
    void aCrossSitePostIsRefused() {
        String slug = Unique.name("it-xsite");
        CrossSite.forgedPostsAreRefused(slug);
    }

    @Test
    void theProdHeadersAreSent() {
        given().get("/api/admin/accounts").then()
                .header("Strict-Transport-Security", containsString("max-age="))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
    }
}
