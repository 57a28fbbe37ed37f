package org.candour.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Platform-wide trustees for tests, each with a registered custody key whose key file is kept
 * here as a trustee would keep it. Made once per test run, shared by every survey.
 */
public final class Trustees {

    public static final String PASSWORD = "trustee-login-password";
    public static final String PASSPHRASE = "correct horse battery staple";

    /** A trustee account and the key file it saved. */
    public record Trustee(String username, String keyFile) {
        public RequestSpecification request() {
            return given().auth().preemptive().basic(username, PASSWORD);
        }
    }

    private static List<Trustee> shared;

    private Trustees() {
    }

    /** Three trustees with custody keys. */
    public static synchronized List<Trustee> shared() {
        if (shared == null) {
            List<Trustee> made = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                made.add(create(Unique.name("trustee")));
            }
            shared = List.copyOf(made);
        }
        return shared;
    }

    /**
     * Forgets the shared trustees, for a test class whose application runs over a database of its own
     * (the next {@link #shared()} makes three there).
     */
    public static synchronized void forgetShared() {
        shared = null;
    }

    /** A new platform-wide trustee with a fresh custody key. */
    public static Trustee create(String username) {
        createWithoutKey(username);
        byte[] file = given().auth().preemptive().basic(username, PASSWORD).contentType(ContentType.JSON)
                .body(Map.of("passphrase", PASSPHRASE)).post("/api/admin/trustee/key").then().statusCode(201)
                .extract().asByteArray();
        return new Trustee(username, new String(file, StandardCharsets.UTF_8));
    }

    /** A trustee account that has not registered a custody key. */
    public static Trustee createWithoutKey(String username) {
        Staff.admin().contentType(ContentType.JSON).body(Map.of("username", username, "displayName", "Trustee " + username,
                "password", PASSWORD, "roles", Set.of("TRUSTEE"))).post("/api/admin/accounts").then().statusCode(201);
        return new Trustee(username, null);
    }

    /** Names the shared trustees, 2 of 3, for a draft survey. */
    public static void assign(String surveyId) {
        assignRequest(surveyId).then().statusCode(200);
    }

    public static io.restassured.response.Response assignRequest(String surveyId) {
        return Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("threshold", 2, "trustees", shared().stream().map(Trustee::username).toList()))
                .put("/api/admin/surveys/" + surveyId + "/custody");
    }

    /**
     * The survey's issuing plan as it stands is approved by as many of its named trustees as its threshold
     * needs, taken from the shared trustees; call it after the last invitation is added, just before opening.
     */
    public static void approve(String surveyId) {
        io.restassured.path.json.JsonPath plan = Staff.admin().get("/api/admin/surveys/" + surveyId + "/plan").then()
                .statusCode(200).extract().jsonPath();
        List<String> named = plan.getList("trustees", String.class);
        List<Trustee> approving = shared().stream().filter(t -> named.contains(t.username()))
                .limit(plan.getInt("threshold")).toList();
        for (Trustee t : approving) {
            approveRequest(t, surveyId, plan.getString("planDigest")).then().statusCode(200);
        }
    }

    /** One trustee approves the survey's issuing plan named by its digest. */
    public static io.restassured.response.Response approveRequest(Trustee t, String surveyId, String planDigest) {
        return t.request().contentType(ContentType.JSON).body(Map.of("planDigest", planDigest))
                .post("/api/admin/surveys/" + surveyId + "/plan/approval");
    }

    /** One trustee presents their share towards unlocking a closed survey. */
    public static io.restassured.response.Response present(Trustee t, String surveyId, String passphrase) {
        return t.request().contentType(ContentType.JSON).body(Map.of("keyFile", t.keyFile(), "passphrase", passphrase))
                .post("/api/admin/surveys/" + surveyId + "/unlock");
    }
}
