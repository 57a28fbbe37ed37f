package org.candour.org;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class OrganisationApiTest {

    static final String TREE = """
            id,name,parent_id
            nw,North West,
            nw-gm,Greater Manchester PDU,nw
            nw-gm-1,Manchester North team,nw-gm
            nw-gm-2,"Salford, Eccles team",nw-gm
            wa,Wales,
            """;

    static String newOrganisation() {
        String slug = Unique.name("org");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Org " + slug))
                .post("/api/admin/organisations").then().statusCode(201).body("slug", equalTo(slug));
        return slug;
    }

    static int unitCount(String slug) {
        return countTree(Staff.admin().get("/api/admin/organisations/" + slug + "/units").then().statusCode(200)
                .extract().jsonPath().getList("$"));
    }

    @SuppressWarnings("unchecked")
    private static int countTree(List<?> nodes) {
        int n = 0;
        for (Object o : nodes) {
            n += 1 + countTree((List<?>) ((Map<String, Object>) o).get("children"));
        }
        return n;
    }

    static void importCsv(String slug, String csv) {
        Staff.admin().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200);
    }

    @Test
    void createsOrganisationsAndRefusesBadOnes() {
        String slug = newOrganisation();
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Again"))
                .post("/api/admin/organisations").then().statusCode(400)
                .body("problems", hasItem("slug: an organisation with that slug exists"));
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", "Not A Slug", "name", ""))
                .post("/api/admin/organisations").then().statusCode(400)
                .body("problems", hasItem(containsString("slug: 2 to 63 characters")))
                .body("problems", hasItem("name: 1 to 200 characters"));
        Staff.admin().get("/api/admin/organisations").then().statusCode(200).body("slug", hasItem(slug));
        Staff.admin().get("/api/admin/organisations/no-such-org").then().statusCode(404)
                .body("error", equalTo("No organisation 'no-such-org'."));
    }

    @Test
    void importsACsvTreeAndMergesARepeat() {
        String slug = newOrganisation();
        Staff.admin().contentType("text/csv").body(TREE)
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200)
                .body("created", equalTo(5)).body("updated", equalTo(0));
        Staff.admin().get("/api/admin/organisations/" + slug + "/units").then().statusCode(200)
                .body("id", hasItem("nw")).body("find { it.id == 'nw' }.children[0].id", equalTo("nw-gm"))
                .body("find { it.id == 'nw' }.children[0].children.name", hasItem("Salford, Eccles team"));
        // Importing again renames one unit and moves another; nothing is deleted.
        Staff.admin().contentType("text/csv").body("id,name,parent_id\nnw-gm-1,Manchester N,nw-gm\nwa,Wales,nw\n")
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200)
                .body("created", equalTo(0)).body("updated", equalTo(2));
        assertEquals(5, unitCount(slug));
    }

    @Test
    void aBadCsvListsEveryOffendingLineAndImportsNothing() {
        String slug = newOrganisation();
        importCsv(slug, TREE);
        String bad = """
                id,name,parent_id
                a,Unit A,b
                b,Unit B,a
                ok,Fine unit,nw
                c,Unit C,nowhere
                ok,Duplicate,
                """;
        Staff.admin().contentType("text/csv").body(bad)
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(400)
                .body("error", containsString("problem"))
                .body("problems", hasItem(containsString("line 2")))
                .body("problems", hasItem(containsString("line 3")))
                .body("problems", hasItem(allOf("line 5", "nowhere")))
                .body("problems", hasItem(containsString("line 6")));
        assertEquals(5, unitCount(slug), "nothing may be half-imported");
    }

    private static org.hamcrest.Matcher<String> allOf(String a, String b) {
        return org.hamcrest.Matchers.allOf(containsString(a), containsString(b));
    }

    @Test
    void aCycleThroughUnitsAlreadyStoredIsRefused() {
        String slug = newOrganisation();
        importCsv(slug, TREE);
        Staff.admin().contentType("text/csv").body("id,name,parent_id\nnw,North West,nw-gm-1\n")
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(400)
                .body("problems[0]", containsString("cycle"));
        Staff.admin().get("/api/admin/organisations/" + slug + "/units").then()
                .body("find { it.id == 'nw' }.parentId", equalTo(null));
    }

    @Test
    void theWrongEncodingIsNamed() {
        String slug = newOrganisation();
        byte[] latin1 = "id,name,parent_id\nx,Ynys Môn team,\n".getBytes(StandardCharsets.ISO_8859_1);
        Staff.admin().contentType("text/csv").body(latin1)
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(400)
                .body("problems[0]", containsString("line 2: not valid UTF-8"));
        assertEquals(0, unitCount(slug));
    }

    @Test
    void tenMegabytesOfJunkGetAClearRefusal() {
        String slug = newOrganisation();
        byte[] junk = new byte[10 * 1024 * 1024];
        new Random(7).nextBytes(junk);
        Staff.admin().contentType("text/csv").body(junk)
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(413)
                .body("error", containsString("larger than the 4 MiB"));
        byte[] smaller = new byte[3 * 1024 * 1024];
        new Random(8).nextBytes(smaller);
        Staff.admin().contentType("text/csv").body(smaller)
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(400)
                .body("problems[0]", containsString("too large"));
        assertEquals(0, unitCount(slug));
    }

    @Test
    void importsJsonToo() {
        String slug = newOrganisation();
        String json = """
                {"units": [
                  {"id": "r1", "name": "Region", "children": [
                    {"id": "p1", "name": "PDU", "children": [{"id": "t1", "name": "Team"}]}]}]}
                """;
        Staff.admin().contentType(ContentType.JSON).body(json)
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200)
                .body("created", equalTo(3));
        Staff.admin().contentType(ContentType.JSON).body("[{\"id\": \"x\", \"name\": \"X\", \"colour\": \"red\"}]")
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(400)
                .body("problems[0]", containsString("colour"));
        Staff.admin().contentType(ContentType.JSON).body("[{\"id\": ")
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(400)
                .body("problems[0]", containsString("line 1"));
        assertEquals(3, unitCount(slug));
    }

    @Test
    void editsSingleUnits() {
        String slug = newOrganisation();
        importCsv(slug, TREE);
        String base = "/api/admin/organisations/" + slug + "/units";
        Staff.admin().contentType(ContentType.JSON).body(Map.of("id", "wa-cd", "name", "Cardiff PDU", "parentId", "wa"))
                .post(base).then().statusCode(201);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("id", "wa-cd", "name", "Again"))
                .post(base).then().statusCode(409).body("error", containsString("exists already"));
        Staff.admin().contentType(ContentType.JSON).body(Map.of("id", "zz", "name", "Orphan", "parentId", "nope"))
                .post(base).then().statusCode(400).body("problems[0]", containsString("unknown parent"));
        // Moving a unit under its own descendant would make a cycle.
        Staff.admin().contentType(ContentType.JSON).body(Map.of("name", "Wales", "parentId", "wa-cd"))
                .put(base + "/wa").then().statusCode(400).body("problems[0]", containsString("cycle"));
        Staff.admin().contentType(ContentType.JSON).body(Map.of("name", "Wales and the Marches"))
                .put(base + "/wa").then().statusCode(200).body("updated", equalTo(1));
        Staff.admin().delete(base + "/wa").then().statusCode(409).body("error", containsString("has units under it"));
        Staff.admin().delete(base + "/wa-cd").then().statusCode(204);
        Staff.admin().delete(base + "/wa-cd").then().statusCode(404);
        Staff.admin().get(base).then().body("find { it.id == 'wa' }.name", equalTo("Wales and the Marches"))
                .body("find { it.id == 'wa' }.children", hasSize(0));
    }

    @Test
    void anOrganisationAdminSeesOnlyTheirOwnOrganisation() {
        String mine = newOrganisation();
        String other = newOrganisation();
        String orgId = Staff.admin().get("/api/admin/organisations/" + mine).then().extract().path("id");
        String username = Unique.name("orgadmin");
        Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", "Org admin", "password", "a perfectly long passphrase",
                        "roles", List.of("ADMIN"), "organisationId", orgId))
                .post("/api/admin/accounts").then().statusCode(201);
        var asThem = io.restassured.RestAssured.given().auth().preemptive().basic(username, "a perfectly long passphrase");
        asThem.get("/api/admin/organisations").then().statusCode(200)
                .body("slug", hasItem(mine)).body("slug", not(hasItem(other)));
        io.restassured.RestAssured.given().auth().preemptive().basic(username, "a perfectly long passphrase")
                .get("/api/admin/organisations/" + other + "/units").then().statusCode(404);
        io.restassured.RestAssured.given().auth().preemptive().basic(username, "a perfectly long passphrase")
                .contentType(ContentType.JSON).body(Map.of("slug", Unique.name("nope"), "name", "No"))
                .post("/api/admin/organisations").then().statusCode(403);
    }
}
