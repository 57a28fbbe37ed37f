package org.candour.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.candour.db.EmbeddedPostgresTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class HealthAndHeadersTest {

    @Test
    void healthIsUpAgainstTheRealDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Database")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void everyPageCarriesTheSecurityHeaders() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void staffPagesAreNotCached() {
        given().get("/login").then().statusCode(200).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void unknownPathIsAPlain404WithoutEchoingThePath() {
        given().accept("application/json").get("/api/nothing-<script>").then().statusCode(404)
                .body(org.hamcrest.Matchers.not(containsString("script")));
    }
}
