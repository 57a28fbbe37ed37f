package org.candour.custody;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Staff;
import org.candour.support.Trustees;
import org.candour.support.Trustees.Trustee;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/** The trustee's pages: make a custody key (the file downloads once) and present a share to unlock. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class TrusteePagesTest {

    @Inject
    UnlockService unlocks;

    @Test
    void aTrusteeMakesAKeyOnTheirPage() {
        String username = Unique.name("pagetrustee");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("username", username, "displayName", "Page trustee",
                "password", Trustees.PASSWORD, "roles", Set.of("TRUSTEE"))).post("/api/admin/accounts").then()
                .statusCode(201);
        Browserless b = new Browserless().signIn(username, Trustees.PASSWORD);
        b.get("/trustee").then().statusCode(200).body(containsString("id=\"no-key\""))
                .body(containsString("No survey names you as a trustee yet."));
        b.post("/trustee/key", Map.of("_csrf", b.token("/trustee"), "passphrase", Trustees.PASSPHRASE,
                "repeat", Trustees.PASSPHRASE + "x")).then().statusCode(422)
                .body(containsString("The two passphrases differ"));
        Response file = b.post("/trustee/key", Map.of("_csrf", b.token("/trustee"), "passphrase", Trustees.PASSPHRASE,
                "repeat", Trustees.PASSPHRASE));
        file.then().statusCode(200).header("Content-Disposition", matchesPattern(
                "attachment; filename=\"candour-trustee-key-[0-9a-f]{12}\\.json\""))
                .body(containsString("candour-trustee-key/v1")).body(not(containsString(Trustees.PASSPHRASE)));
        String keyId = file.jsonPath().getString("keyId");
        b.get("/trustee").then().statusCode(200).body(containsString("<code id=\"key-id\">" + keyId + "</code>"));
        // Without the CSRF token nothing is made.
        b.post("/trustee/key", Map.of("passphrase", Trustees.PASSPHRASE, "repeat", Trustees.PASSPHRASE)).then()
                .statusCode(403);
    }

    @Test
    void twoTrusteesUnlockAClosedSurveyFromTheirPages() {
        OpenSurvey s = Fixtures.openSurvey();
        Fixtures.close(s.id());
        Trustee first = Trustees.shared().get(0);
        Trustee second = Trustees.shared().get(1);

        Browserless a = new Browserless().signIn(first.username(), Trustees.PASSWORD);
        a.get("/trustee").then().statusCode(200).body(containsString("0 of 2 shares presented"));
        a.postFile("/trustee/surveys/" + s.id() + "/unlock", Map.of("_csrf", a.token("/trustee"), "passphrase",
                "wrong passphrase here"), "keyFile", "key.json", first.keyFile().getBytes(StandardCharsets.UTF_8),
                "application/json").then().statusCode(422).body(containsString("passphrase does not open"));
        Response presented = a.postFile("/trustee/surveys/" + s.id() + "/unlock", Map.of("_csrf", a.token("/trustee"),
                "passphrase", Trustees.PASSPHRASE), "keyFile", "key.json", first.keyFile().getBytes(StandardCharsets.UTF_8),
                "application/json");
        presented.then().statusCode(303);
        a.follow(presented).then().body(containsString("Your share is in."));

        Browserless b = new Browserless().signIn(second.username(), Trustees.PASSWORD);
        b.get("/trustee").then().statusCode(200).body(containsString("1 of 2 shares presented"));
        Response unlocked = b.postFile("/trustee/surveys/" + s.id() + "/unlock", Map.of("_csrf", b.token("/trustee"),
                "passphrase", Trustees.PASSPHRASE), "keyFile", "key.json", second.keyFile().getBytes(StandardCharsets.UTF_8),
                "application/json");
        b.follow(unlocked).then().body(containsString("Unlocked: the comments are decrypted"));
        assertNotNull(unlocks.comments(UUID.fromString(s.id())));
        assertEquals(0, unlocks.comments(UUID.fromString(s.id())).size(), "no comments were written");

        Response locked = b.post("/trustee/surveys/" + s.id() + "/lock", Map.of("_csrf", b.token("/trustee")));
        b.follow(locked).then().body(containsString("Locked again"));
        assertNull(unlocks.comments(UUID.fromString(s.id())));
    }
}
