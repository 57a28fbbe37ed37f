package org.candour.custody;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Fixtures;
import org.candour.support.Invitations;
import org.candour.support.Staff;
import org.candour.support.Trustees;
import org.candour.support.Trustees.Trustee;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/** Trustees approve a draft's issuing plan; the plan is published with the key directory and on the public page. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class PlanApprovalApiTest {

    /**
     * A draft with k = 10 and the shared trustees (2 of 3): Team A (12 invitations) has a key of its own;
     * Team B (3) pools into the Region (7); "Jane Smith" is a unit of one padded with 10 codes.
     */
    static String draft() {
        String id = Fixtures.draft("plan", "id,name,parent_id\nr,Region,\na,Team A,r\nb,Team B,r\njane,Jane Smith,r\n");
        Invitations.generate(id, "a", 12);
        Invitations.generate(id, "b", 3);
        Invitations.generate(id, "r", 7);
        Invitations.generate(id, "jane", 10);
        Trustees.assign(id);
        return id;
    }

    static JsonPath plan(String id) {
        return Staff.admin().get("/api/admin/surveys/" + id + "/plan").then().statusCode(200).extract().jsonPath();
    }

    static void open(String id, int status) {
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(status);
    }

    @Test
    void openingWaitsForTApprovalsOfTheCurrentPlan() throws Exception {
        String id = draft();
        List<Trustee> ts = Trustees.shared();
        JsonPath plan = plan(id);
        String digest = plan.getString("planDigest");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(plan.getString("canonical").getBytes(StandardCharsets.UTF_8))), digest, "anyone can check it");
        assertEquals(10, plan.getInt("k"));
        assertEquals(2, plan.getInt("threshold"));
        assertEquals(32, plan.getInt("invitations"));
        assertEquals(List.of("a", "jane", "r"), plan.getList("keys.unitId"));
        assertEquals(List.of(12, 10, 10), plan.getList("keys.invitations"));
        assertEquals(List.of("b", "r"), plan.getList("keys[2].units.unitId"));
        assertEquals(List.of(3, 7), plan.getList("keys[2].units.invitations"));
        assertEquals(List.of(), plan.getList("approvals"));

        // No approval: refused, and the problem says how many are needed.
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409)
                .body("error", containsString("until its trustees approve its issuing plan"))
                .body("problems", contains("2 of 3 trustees must approve the issuing plan; 0 have."));
        // t - 1 approvals: still refused.
        Trustees.approveRequest(ts.get(0), id, digest).then().statusCode(200)
                .body("approvals", contains(ts.get(0).username())).body("approved", equalTo(false));
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409)
                .body("problems", contains("2 of 3 trustees must approve the issuing plan; 1 has."));

        // More invitations make a new plan: the approval given before no longer counts, and the old digest is stale.
        Invitations.generate(id, "a", 1);
        JsonPath changed = plan(id);
        assertNotEquals(digest, changed.getString("planDigest"));
        assertEquals(List.of(), changed.getList("approvals"));
        Trustees.approveRequest(ts.get(1), id, digest).then().statusCode(409)
                .body("error", containsString("the issuing plan has changed since you read it"))
                .body("problems[0]", containsString(changed.getString("planDigest")));
        Trustees.approveRequest(ts.get(1), id, changed.getString("planDigest")).then().statusCode(200);
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409)
                .body("problems", contains("2 of 3 trustees must approve the issuing plan; 1 has."));
        Trustees.approveRequest(ts.get(0), id, changed.getString("planDigest")).then().statusCode(200)
                .body("approved", equalTo(true));
        open(id, 200);
        Trustees.approveRequest(ts.get(2), id, changed.getString("planDigest")).then().statusCode(409)
                .body("error", containsString("Only a draft's plan is approved"));
    }

    @Test
    void changingTheTrusteesMakesANewPlan() {
        String id = draft();
        List<Trustee> ts = Trustees.shared();
        String digest = plan(id).getString("planDigest");
        Trustees.approveRequest(ts.get(0), id, digest).then().statusCode(200);
        Trustees.approveRequest(ts.get(1), id, digest).then().statusCode(200);
        Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("threshold", 3, "trustees", ts.stream().map(Trustee::username).toList()))
                .put("/api/admin/surveys/" + id + "/custody").then().statusCode(200);
        JsonPath plan = plan(id);
        assertNotEquals(digest, plan.getString("planDigest"));
        assertEquals(List.of(), plan.getList("approvals"));
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409)
                .body("problems", contains("3 of 3 trustees must approve the issuing plan; 0 have."));
    }

    @Test
    void onlyTheSurveysTrusteesApproveAndBadInputIsNamed() {
        String id = draft();
        Trustee t = Trustees.shared().get(0);
        String digest = plan(id).getString("planDigest");

        // A trustee not named on this survey sees no plan and cannot approve.
        Trustee outsider = Trustees.create(Unique.name("plan-outsider"));
        outsider.request().get("/api/admin/surveys/" + id + "/plan").then().statusCode(403);
        Trustees.approveRequest(outsider, id, digest).then().statusCode(403)
                .body("error", containsString("not one of them"));
        // A trustee of another organisation does not even find it.
        String other = Unique.name("plan-other");
        String otherOrg = Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", other, "name", "Org " + other))
                .post("/api/admin/organisations").then().statusCode(201).extract().path("id");
        String username = Unique.name("plan-elsewhere");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("username", username, "displayName", "Elsewhere",
                "password", Trustees.PASSWORD, "roles", Set.of("TRUSTEE"), "organisationId", otherOrg))
                .post("/api/admin/accounts").then().statusCode(201);
        Trustees.approveRequest(new Trustee(username, null), id, digest).then().statusCode(404);
        // An admin reads the plan but does not approve it.
        Staff.admin().contentType(ContentType.JSON).body(Map.of("planDigest", digest))
                .post("/api/admin/surveys/" + id + "/plan/approval").then().statusCode(403);
        // Bad digests and bodies.
        Trustees.approveRequest(t, id, "not-a-digest").then().statusCode(400).body("error", containsString("planDigest:"));
        Trustees.approveRequest(t, id, digest.toUpperCase()).then().statusCode(400);
        t.request().contentType(ContentType.JSON).body("{}").post("/api/admin/surveys/" + id + "/plan/approval").then()
                .statusCode(400).body("error", containsString("planDigest:"));
        t.request().contentType(ContentType.JSON).body("{oops").post("/api/admin/surveys/" + id + "/plan/approval")
                .then().statusCode(400);
        t.request().get("/api/admin/surveys/not-a-uuid/plan").then().statusCode(404);
        t.request().get("/api/admin/surveys/" + id + "/plan").then().statusCode(200)
                .body("planDigest", equalTo(digest)).body("trustees", hasItem(t.username()));
    }

    @Test
    void aPlanThatCannotOpenIsNotApproved() {
        String id = Fixtures.draft("plan-short", "id,name,parent_id\nt,Team,\n");
        Invitations.generate(id, "t", 4);
        Trustees.assign(id);
        JsonPath plan = plan(id);
        assertEquals(List.of(), plan.getList("keys"));
        Trustees.approveRequest(Trustees.shared().get(0), id, plan.getString("planDigest")).then().statusCode(409)
                .body("problems[0]", containsString("would be in a group smaller than k"));
    }

    @Test
    void theDirectoryAndThePublicPageShowEachKeysUnitsAndInvitations() {
        String id = draft();
        Trustees.approve(id);
        open(id, 200);
        JsonPath directory = given().get("/api/v1/surveys/" + id + "/issuer-keys").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(3, directory.getList("keys").size());
        Map<String, Object> jane = directory.getMap("keys.find { it.unitId == 'jane' }");
        assertEquals(10, jane.get("invitations"));
        assertEquals(List.of(Map.of("unitId", "jane", "unitName", "Jane Smith", "invitations", 10)), jane.get("units"));
        Map<String, Object> region = directory.getMap("keys.find { it.unitId == 'r' }");
        assertEquals(10, region.get("invitations"));
        assertEquals(List.of(Map.of("unitId", "b", "unitName", "Team B", "invitations", 3),
                Map.of("unitId", "r", "unitName", "Region", "invitations", 7)), region.get("units"));
        given().get("/api/v1/surveys/" + id + "/issuer-keys").then()
                .body("keys.spki", not(empty())).body("keys.keyId", hasItem(matchesPattern("[0-9a-f]{64}")));

        String page = given().get("/s/" + id).then().statusCode(200).extract().asString();
        assertEquals(1, page.split("href=\"/pass\"", -1).length - 1, "one link to the pass page");
        assertTrue(page.contains(">Get your survey pass</a>"), page);
        assertTrue(page.contains("Jane Smith: 10 invitations"), page);
        assertTrue(page.contains("<td>Team B</td><td class=\"num\">3</td>"), page);
    }

    @Test
    void aTrusteeApprovesOnTheTrusteePage() {
        String id = draft();
        Trustee t = Trustees.shared().get(2);
        Browserless b = new Browserless().signIn(t.username(), Trustees.PASSWORD);
        String digest = plan(id).getString("planDigest");
        b.get("/trustee").then().statusCode(200).body(containsString("Approve this issuing plan"))
                .body(containsString(digest)).body(containsString("Jane Smith (<code>jane</code>)"));
        // The form needs its CSRF token; a stale digest is refused with the reason.
        b.post("/trustee/surveys/" + id + "/plan", Map.of("planDigest", digest)).then().statusCode(403);
        b.post("/trustee/surveys/" + id + "/plan", Map.of("_csrf", b.token("/trustee"), "planDigest", "0".repeat(64)))
                .then().statusCode(409).body(containsString("has changed since you read it"));
        b.post("/trustee/surveys/" + id + "/plan", Map.of("_csrf", b.token("/trustee"), "planDigest", digest))
                .then().statusCode(303).header("Location", containsString("notice=plan-approved"));
        b.get("/trustee").then().body(containsString("You have approved this plan"));
        assertEquals(List.of(t.username()), plan(id).getList("approvals"));
        Staff.admin().get("/api/admin/surveys/" + id + "/plan").then().body("approved", equalTo(false));
    }
}
