package org.candour.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class AccountApiTest {

    static String create(String username, String password, List<String> roles) {
        return Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", "Test " + username, "password", password,
                        "roles", roles))
                .post("/api/admin/accounts").then().statusCode(201).extract().path("id");
    }

    @Test
    void theApiNeedsCredentialsAndChallengesWithBasic() {
        given().get("/api/admin/accounts").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic realm=\"Candour\""));
        given().auth().preemptive().basic(Staff.ADMIN, "wrong-password-here").get("/api/admin/accounts")
                .then().statusCode(401);
        given().header("Authorization", "Basic !!!not-base64").get("/api/admin/accounts").then().statusCode(401);
    }

    @Test
    void theBootstrapAdminExistsAndNoHashIsEverReturned() {
        Staff.admin().get("/api/admin/accounts").then().statusCode(200)
                .body("username", hasItem("admin"))
                .body(not(containsString("argon2")))
                .body(not(containsString("passwordHash")));
    }

    @Test
    void createsAnAccountThatCanThenSignIn() {
        String username = Unique.name("steward");
        String id = create(username, "a perfectly long passphrase", List.of("STEWARD", "RESEARCHER"));
        Staff.admin().get("/api/admin/accounts/" + id).then().statusCode(200)
                .body("username", equalTo(username))
                .body("roles", hasItems("STEWARD", "RESEARCHER"))
                .body("enabled", equalTo(true));
        // A steward is not an admin: signed in, but refused.
        given().auth().preemptive().basic(username, "a perfectly long passphrase").get("/api/admin/accounts")
                .then().statusCode(403).body("error", containsString("role"));
    }

    @Test
    void refusesBadAccountsSayingWhatIsWrong() {
        String username = Unique.name("dup");
        create(username, "a perfectly long passphrase", List.of("HANDLER"));
        Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", "X", "password", "a perfectly long passphrase",
                        "roles", List.of("HANDLER")))
                .post("/api/admin/accounts").then().statusCode(400)
                .body("error", equalTo("The account was not created."))
                .body("problems", hasItem("username: that username is taken"));
        Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("username", "Bad Name!", "displayName", "", "password", "short", "roles", List.of()))
                .post("/api/admin/accounts").then().statusCode(400)
                .body("problems", hasItem(containsString("username: 3 to 64 characters")))
                .body("problems", hasItem("displayName: 1 to 200 characters"))
                .body("problems", hasItem(containsString("password: at least 12 characters")))
                .body("problems", hasItem("roles: choose at least one role"));
    }

    @Test
    void refusesUnknownRolesAndMalformedJsonWith400() {
        Staff.admin().contentType(ContentType.JSON)
                .body("{\"username\":\"x-valid\",\"displayName\":\"X\",\"password\":\"a perfectly long one\",\"roles\":[\"KING\"]}")
                .post("/api/admin/accounts").then().statusCode(400)
                .body("error", containsString("not valid JSON"))
                .body("error", containsString("roles"))
                .body(not(containsString("KING")));
        Staff.admin().contentType(ContentType.JSON).body("{\"username\": ")
                .post("/api/admin/accounts").then().statusCode(400)
                .body("error", containsString("not valid JSON"));
    }

    @Test
    void locksAnAccountAfterRepeatedFailuresUntilAnAdminUnlocksIt() {
        String username = Unique.name("locky");
        String password = "the right long passphrase";
        String id = create(username, password, List.of("ADMIN"));
        for (int i = 0; i < 5; i++) {
            given().auth().preemptive().basic(username, "a wrong passphrase " + i).get("/api/admin/accounts")
                    .then().statusCode(401);
        }
        // Now even the right password is refused, with the same answer as a wrong one.
        given().auth().preemptive().basic(username, password).get("/api/admin/accounts").then().statusCode(401);
        Staff.admin().get("/api/admin/accounts/" + id).then().body("locked", equalTo(true));
        Staff.admin().post("/api/admin/accounts/" + id + "/unlock").then().statusCode(200)
                .body("locked", equalTo(false));
        given().auth().preemptive().basic(username, password).get("/api/admin/accounts").then().statusCode(200);
    }

    @Test
    void disablingAnAccountShutsItOut() {
        String username = Unique.name("leaver");
        String id = create(username, "a perfectly long passphrase", List.of("ADMIN"));
        given().auth().preemptive().basic(username, "a perfectly long passphrase").get("/api/admin/accounts")
                .then().statusCode(200);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("enabled", false))
                .put("/api/admin/accounts/" + id).then().statusCode(200).body("enabled", equalTo(false));
        given().auth().preemptive().basic(username, "a perfectly long passphrase").get("/api/admin/accounts")
                .then().statusCode(401);
    }

    @Test
    void anAdminCannotRemoveTheirOwnAdminRole() {
        String username = Unique.name("selfish");
        String id = create(username, "a perfectly long passphrase", List.of("ADMIN"));
        given().auth().preemptive().basic(username, "a perfectly long passphrase").contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("RESEARCHER")))
                .put("/api/admin/accounts/" + id).then().statusCode(400)
                .body("problems", hasItem(containsString("cannot remove your own admin role")));
    }

    @Test
    void unknownAccountsAre404() {
        Staff.admin().get("/api/admin/accounts/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("error", equalTo("No such account."));
        Staff.admin().get("/api/admin/accounts/not-a-uuid").then().statusCode(404);
    }
}
