package org.candour.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Credentials used across tests: the bootstrap admin from the %test profile. */
public final class Staff {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "candour-test-admin";

    private Staff() {
    }

    /** A request authenticated as the bootstrap admin with HTTP Basic. */
    public static RequestSpecification admin() {
        return given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
    }
}
