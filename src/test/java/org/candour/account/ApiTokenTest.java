package org.candour.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.CountingHasher;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/** API tokens against the real PostgreSQL: made, listed, used as Bearer, revoked; refused without Argon2id. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class ApiTokenTest {

    private static final String PASSWORD = "an admin passphrase for tokens";

    @Inject
    javax.sql.DataSource dataSource;

    @Test
    void anAdminMakesListsUsesAndRevokesAToken() throws Exception {
        String name = Unique.name("ci");
        Response made = Staff.admin().contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/api/admin/api-tokens").then().statusCode(201)
                .body("name", equalTo(name)).body("username", equalTo(Staff.ADMIN)).extract().response();
        String token = made.path("token");
        String id = made.path("id");
        assertEquals(43, token.length());
        Staff.admin().get("/api/admin/api-tokens").then().statusCode(200)
                .body("id", hasItem(id)).body(not(containsString(token))).body(not(containsString("token\"")));
        Staff.bearer(token).get("/api/admin/accounts").then().statusCode(200).body("username", hasItem(Staff.ADMIN));
        // Only the SHA-256 of the token is stored.
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(
                "select encode(token_hash, 'hex') = encode(sha256(decode(?, 'base64')), 'hex') from api_token where id = ?::uuid")) {
            st.setString(1, base64(token));
            st.setString(2, id);
            try (var rs = st.executeQuery()) {
                rs.next();
                assertEquals(true, rs.getBoolean(1));
            }
        }
        Staff.bearer(token).delete("/api/admin/api-tokens/" + id).then().statusCode(204);
        Staff.bearer(token).get("/api/admin/accounts").then().statusCode(401);
        Staff.admin().delete("/api/admin/api-tokens/" + id).then().statusCode(404);
        Staff.admin().get("/api/admin/api-tokens").then().body("id", not(hasItem(id)));
    }

    @Test
    void aTokenCarriesItsAccountsRolesAsTheyAreNow() {
        String user = Unique.name("tokenadmin");
        String account = AccountApiTest.create(user, PASSWORD, List.of("RESEARCHER", "STEWARD", "ADMIN"));
        String token = Staff.newToken(given().auth().preemptive().basic(user, PASSWORD), "roles");
        Staff.bearer(token).get("/api/admin/accounts").then().statusCode(200);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("roles", List.of("STEWARD")))
                .put("/api/admin/accounts/" + account).then().statusCode(200);
        Staff.bearer(token).get("/api/admin/accounts").then().statusCode(403);
        Staff.bearer(token).get("/api/admin/organisations").then().statusCode(403);
    }

    @Test
    void disablingTheAccountOrChangingItsPasswordEndsItsTokens() {
        String user = Unique.name("tokenadmin");
        String account = AccountApiTest.create(user, PASSWORD, List.of("ADMIN"));
        String first = Staff.newToken(given().auth().preemptive().basic(user, PASSWORD), "first");
        String second = Staff.newToken(given().auth().preemptive().basic(user, PASSWORD), "second");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("password", "a brand new passphrase"))
                .put("/api/admin/accounts/" + account).then().statusCode(200);
        Staff.bearer(first).get("/api/admin/accounts").then().statusCode(401);
        Staff.bearer(second).get("/api/admin/accounts").then().statusCode(401);

        String third = Staff.newToken(given().auth().preemptive().basic(user, "a brand new passphrase"), "third");
        Staff.bearer(third).get("/api/admin/accounts").then().statusCode(200);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("enabled", false))
                .put("/api/admin/accounts/" + account).then().statusCode(200);
        Staff.bearer(third).get("/api/admin/accounts").then().statusCode(401);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("enabled", true))
                .put("/api/admin/accounts/" + account).then().statusCode(200);
        Staff.bearer(third).get("/api/admin/accounts").then().statusCode(401);
    }

    @Test
    void aWrongOrMalformedTokenIs401WithoutArgon2id() {
        String real = Staff.newToken(Staff.admin(), Unique.name("real"));
        CountingHasher hasher = CountingHasher.install();
        String wrong = real.charAt(0) == 'A' ? "B" + real.substring(1) : "A" + real.substring(1);
        for (String bad : new String[] {wrong, "short", "!".repeat(43), real + "x", "", "x".repeat(2000)}) {
            given().header("Authorization", "Bearer " + bad).get("/api/admin/accounts").then().statusCode(401);
            given().header("Authorization", "Bearer " + bad).contentType(ContentType.JSON).body("{}")
                    .post("/api/admin/organisations").then().statusCode(401);
        }
        Staff.bearer(real).get("/api/admin/accounts").then().statusCode(200);
        assertEquals(0, hasher.runs(), "Argon2id ran for a Bearer token");
    }

    @Test
    void tokensAreMadeOnlyByAdminsWithAName() {
        String user = Unique.name("tokensteward");
        AccountApiTest.create(user, PASSWORD, List.of("STEWARD"));
        given().auth().preemptive().basic(user, PASSWORD).contentType(ContentType.JSON).body(Map.of("name", "mine"))
                .post("/api/admin/api-tokens").then().statusCode(403);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("name", " ")).post("/api/admin/api-tokens")
                .then().statusCode(400).body("problems[0]", containsString("name"));
        Staff.admin().contentType(ContentType.JSON).body(Map.of("name", "n".repeat(101))).post("/api/admin/api-tokens")
                .then().statusCode(400);
    }

    @Test
    void aCrossSiteStateChangeWithABearerTokenIsRefused() {
        String token = Staff.newToken(Staff.admin(), Unique.name("xsite"));
        String slug = Unique.name("xsite");
        Staff.bearer(token).header("Sec-Fetch-Site", "cross-site").contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Forged")).post("/api/admin/organisations").then().statusCode(403);
        Staff.bearer(token).header("Origin", "https://evil.example").contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Forged")).post("/api/admin/organisations").then().statusCode(403);
        Staff.bearer(token).get("/api/admin/organisations/" + slug).then().statusCode(404);
        Staff.bearer(token).contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Real"))
                .post("/api/admin/organisations").then().statusCode(201);
    }

    private static String base64(String base64url) {
        return java.util.Base64.getEncoder().encodeToString(java.util.Base64.getUrlDecoder().decode(base64url));
    }
}
