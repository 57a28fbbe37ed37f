package org.candour.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Credentials used across tests: the bootstrap admin from the %test profile. */
public final class Staff {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "candour-test-admin";

    private Staff() {
    }

    /** A request carrying an API token ({@code Authorization: Bearer}). */
    public static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A new API token for the account signed in by {@code as} (an admin's request); returns the secret. */
    public static String newToken(RequestSpecification as, String name) {
        return as.contentType("application/json").body("{\"name\": \"" + name + "\"}")
                .post("/api/admin/api-tokens").then().statusCode(201).extract().path("token");
    }

    /** A request authenticated as the bootstrap admin with HTTP Basic. */
    public static RequestSpecification admin() {
        return given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
    }
}
