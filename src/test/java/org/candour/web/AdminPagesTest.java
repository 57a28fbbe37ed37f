package org.candour.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/** Every admin page and form, good and bad input, through HTTP as a browser would send it. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class AdminPagesTest {

    private static final String UNITS = "id,name,parent_id\nr,Region,\np,PDU,r\nt,Team,p\n";

    private static Browserless admin() {
        return new Browserless().signIn(Staff.ADMIN, Staff.ADMIN_PASSWORD);
    }

    private static String newOrganisation(Browserless b) {
        String slug = Unique.name("pages");
        b.post("/admin/organisations", Map.of("_csrf", b.token("/admin"), "slug", slug, "name", "Pages " + slug))
                .then().statusCode(303).header("Location", containsString("/admin/orgs/" + slug));
        return slug;
    }

    @Test
    void theFrontPageAndSignInFormArePublic() {
        Browserless b = new Browserless();
        b.get("/").then().statusCode(200).body(containsString("Candour")).body(containsString("Staff sign-in"));
        b.get("/login").then().statusCode(200).body(containsString("name=\"_csrf\""));
    }

    @Test
    void organisationFormsCreateAndRefuseClearly() {
        Browserless b = admin();
        String slug = newOrganisation(b);
        b.get("/admin").then().statusCode(200).body(containsString("Pages " + slug));
        b.post("/admin/organisations", Map.of("_csrf", b.token("/admin"), "slug", slug, "name", "Again"))
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("The organisation was not created."))
                .body(containsString("slug: an organisation with that slug exists"));
        b.get("/admin/orgs/no-such-organisation").then().statusCode(404)
                .body(containsString("No organisation &#39;no-such-organisation&#39;."));
    }

    @Test
    void unitUploadImportsAndABadFileListsItsLinesOnThePage() {
        Browserless b = admin();
        String slug = newOrganisation(b);
        String page = "/admin/orgs/" + slug;
        Response imported = b.postFile(page + "/units/import", Map.of("_csrf", b.token(page)), "file", "units.csv",
                UNITS.getBytes(StandardCharsets.UTF_8), "text/csv");
        imported.then().statusCode(303).header("Location", containsString("notice=imported-3-0-0"));
        b.follow(imported).then().statusCode(200)
                .body(containsString("Import done: 3 units created, 0 updated, 0 unchanged."))
                .body(containsString("(3 units)"));

        b.postFile(page + "/units/import", Map.of("_csrf", b.token(page)), "file", "units.csv",
                "id,name,parent_id\nx,X,y\ny,Y,x\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .then().statusCode(400).body(containsString("line 2")).body(containsString("line 3"))
                .body(containsString("cycle"));
        b.postFile(page + "/units/import", Map.of("_csrf", b.token(page)), "file", "units.json",
                "[{\"id\": \"j\", \"name\": \"From JSON\", \"parentId\": \"r\"}]".getBytes(StandardCharsets.UTF_8),
                "application/json").then().statusCode(303).header("Location", containsString("imported-1-0-0"));
        b.postFile(page + "/units/import", Map.of("_csrf", b.token(page)), "file", "units.csv",
                new byte[0], "text/csv").then().statusCode(400);
        b.get(page).then().body(containsString("(4 units)"));
    }

    @Test
    void singleUnitFormsAddRenameMoveAndDelete() {
        Browserless b = admin();
        String slug = newOrganisation(b);
        String page = "/admin/orgs/" + slug;
        b.post(page + "/units", Map.of("_csrf", b.token(page), "id", "a", "name", "Alpha", "parentId", ""))
                .then().statusCode(303);
        b.post(page + "/units", Map.of("_csrf", b.token(page), "id", "b", "name", "Beta", "parentId", "a"))
                .then().statusCode(303);
        b.post(page + "/units", Map.of("_csrf", b.token(page), "id", "b", "name", "Dup", "parentId", ""))
                .then().statusCode(409).body(containsString("exists already"));
        b.post(page + "/units/a", Map.of("_csrf", b.token(page), "name", "Alpha", "parentId", "b", "action", "save"))
                .then().statusCode(400).body(containsString("cycle"));
        b.post(page + "/units/b", Map.of("_csrf", b.token(page), "name", "Beta renamed", "parentId", "", "action", "save"))
                .then().statusCode(303).header("Location", containsString("unit-updated"));
        b.post(page + "/units/a", Map.of("_csrf", b.token(page), "action", "delete")).then().statusCode(303);
        b.get(page).then().body(containsString("Beta renamed")).body(not(containsString(">Alpha<")));
    }

    @Test
    void surveyPagesCreateFromTemplateOrJsonThenOpenCloseAndRefuseEdits() {
        Browserless b = admin();
        String slug = newOrganisation(b);
        String page = "/admin/orgs/" + slug;
        b.postFile(page + "/units/import", Map.of("_csrf", b.token(page)), "file", "u.csv",
                UNITS.getBytes(StandardCharsets.UTF_8), "text/csv").then().statusCode(303);

        b.get(page + "/surveys/new").then().statusCode(200).body(containsString("template-probation-wellbeing"));
        Response created = b.postFile(page + "/surveys", Map.of("_csrf", b.token(page + "/surveys/new"),
                "template", "probation-wellbeing", "json", ""), "file", "", new byte[0], "application/octet-stream");
        created.then().statusCode(303);
        String survey = created.header("Location").replaceAll("^.*(/admin/surveys/[0-9a-f-]+).*$", "$1");
        b.follow(created).then().statusCode(200).body(containsString("DRAFT")).body(containsString("Created."));

        // Edit the draft, then a bad edit is refused with every problem listed.
        String json = "{\"title\": \"Edited pulse\", \"k\": 8, \"questions\": [{\"id\": \"q\", \"type\": \"likert5\", \"text\": \"Q\"}]}";
        b.post(survey + "/definition", Map.of("_csrf", b.token(survey), "json", json)).then().statusCode(303);
        b.get(survey).then().body(containsString("Edited pulse")).body(containsString("<dd>8 "));
        b.post(survey + "/definition", Map.of("_csrf", b.token(survey), "json", "{\"title\": \"\", \"k\": 2}"))
                .then().statusCode(422).body(containsString("k:")).body(containsString("title:"));

        // Without invitations the survey cannot open; the page says why.
        String closesOn = java.time.LocalDate.now().plusDays(7).toString();
        b.post(survey + "/open", Map.of("_csrf", b.token(survey), "closesOn", closesOn)).then().statusCode(409)
                .body(containsString("every invitation must be in a group of at least k"))
                .body(containsString("no invitations yet"));
        b.post(survey + "/invitations", Map.of("_csrf", b.token(survey), "unitId", "t", "count", "5"))
                .then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("attachment"));
        b.get(survey).then().body(containsString("group below k"))
                .body(containsString("would be in a group smaller than k"));
        b.post(survey + "/invitations", Map.of("_csrf", b.token(survey), "unitId", "p", "count", "3"))
                .then().statusCode(200);
        b.post(survey + "/invitations", Map.of("_csrf", b.token(survey), "unitId", "p", "count", "lots"))
                .then().statusCode(400).body(containsString("count: a whole number."));
        b.post(survey + "/open", Map.of("_csrf", b.token(survey), "closesOn", closesOn)).then().statusCode(303)
                .header("Location", containsString("notice=opened"));
        b.get(survey).then().body(containsString("OPEN")).body(not(containsString("id=\"definition\"")));
        b.post(survey + "/definition", Map.of("_csrf", b.token(survey), "json", json.replace("8", "5")))
                .then().statusCode(409).body(containsString("frozen"));
        b.post(survey + "/delete", Map.of("_csrf", b.token(survey))).then().statusCode(409);
        b.post(survey + "/invitations", Map.of("_csrf", b.token(survey), "unitId", "t", "count", "5"))
                .then().statusCode(409).body(containsString("only be added while the survey is a draft"));
        b.post(survey + "/close", Map.of("_csrf", b.token(survey))).then().statusCode(400)
                .body(containsString("reason: say why"));
        b.post(survey + "/close", Map.of("_csrf", b.token(survey), "reason", "Closed early to test the pages"))
                .then().statusCode(303);
        b.get(survey).then().body(containsString("This survey is closed."));

        // A pasted definition that is not JSON, and an empty form.
        b.postFile(page + "/surveys", Map.of("_csrf", b.token(page + "/surveys/new"), "json", "{oops"), "file", "",
                new byte[0], "application/octet-stream").then().statusCode(422).body(containsString("line 1"));
        b.postFile(page + "/surveys", Map.of("_csrf", b.token(page + "/surveys/new"), "json", "", "template", ""),
                "file", "", new byte[0], "application/octet-stream").then().statusCode(400)
                .body(containsString("Choose a template, upload a JSON file or paste a definition."));
        b.postFile(page + "/surveys", Map.of("_csrf", b.token(page + "/surveys/new"), "json", ""), "file", "d.json",
                json.getBytes(StandardCharsets.UTF_8), "application/json").then().statusCode(303);
    }

    @Test
    void draftsCanBeDeletedFromTheirPage() {
        Browserless b = admin();
        String slug = newOrganisation(b);
        Response created = b.postFile("/admin/orgs/" + slug + "/surveys", Map.of("_csrf", b.token("/admin"),
                "template", "probation-wellbeing"), "file", "", new byte[0], "application/octet-stream");
        String survey = created.header("Location").replaceAll("^.*(/admin/surveys/[0-9a-f-]+).*$", "$1");
        b.post(survey + "/delete", Map.of("_csrf", b.token(survey))).then().statusCode(303)
                .header("Location", containsString("notice=deleted"));
        b.get(survey).then().statusCode(404);
    }

    @Test
    void accountPagesCreateEditUnlockAndRefuseBadInput() {
        Browserless b = admin();
        b.get("/admin/accounts").then().statusCode(200).body(containsString(">admin<"));
        String username = Unique.name("page-user");
        Response created = b.post("/admin/accounts", Map.of("_csrf", b.token("/admin/accounts"), "username", username,
                "displayName", "Page User", "password", "a perfectly long passphrase", "role", "TRUSTEE"));
        created.then().statusCode(303);
        String account = created.header("Location").replaceAll("^.*(/admin/accounts/[0-9a-f-]+).*$", "$1");
        b.get(account).then().statusCode(200).body(containsString("Account " + username))
                .body(containsString("value=\"TRUSTEE\" checked"));

        b.post("/admin/accounts", Map.of("_csrf", b.token("/admin/accounts"), "username", "x",
                "displayName", "", "password", "short", "role", "TRUSTEE")).then().statusCode(400)
                .body(containsString("The account was not created."))
                .body(containsString("password: at least 12 characters"));
        b.post("/admin/accounts", Map.of("_csrf", b.token("/admin/accounts"), "username", Unique.name("u"),
                "displayName", "X", "password", "a perfectly long passphrase", "role", "EMPEROR"))
                .then().statusCode(400).body(containsString("Unknown role."));

        b.post(account, Map.of("_csrf", b.token(account), "displayName", "Renamed user", "password", "",
                "role", "HANDLER", "enabled", "on")).then().statusCode(303);
        b.get(account).then().body(containsString("value=\"Renamed user\"")).body(containsString("value=\"HANDLER\" checked"))
                .body(not(containsString("value=\"TRUSTEE\" checked")));

        for (int i = 0; i < 5; i++) {
            io.restassured.RestAssured.given().auth().preemptive().basic(username, "wrong " + i).get("/api/admin/accounts");
        }
        b.get(account).then().body(containsString("5 failed sign-in attempts"));
        Response unlocked = b.post(account + "/unlock", Map.of("_csrf", b.token(account)));
        unlocked.then().statusCode(303).header("Location", containsString("notice=unlocked"));
        b.follow(unlocked).then().body(containsString("The account is unlocked."))
                .body(not(containsString("failed sign-in attempts")));
    }

    @Test
    void aNonAdminIsRefusedTheAdminPages() {
        String username = Unique.name("researcher");
        Staff.admin().contentType("application/json")
                .body(Map.of("username", username, "displayName", "R", "password", "a perfectly long passphrase",
                        "roles", List.of("RESEARCHER")))
                .post("/api/admin/accounts").then().statusCode(201);
        Browserless b = new Browserless().signIn(username, "a perfectly long passphrase");
        Response r = b.get("/admin");
        assertEquals(403, r.statusCode());
        assertTrue(r.asString().contains("Your account does not have the role this needs."));
        b.get("/admin/accounts").then().statusCode(403);
    }
}
