package org.candour.survey;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class SurveyApiTest {

    static final String SMALL = """
            {"title": "Pulse", "k": 7, "questions": [
              {"id": "workload", "type": "likert5", "text": "My workload is manageable", "required": true},
              {"id": "comment", "type": "text", "text": "Anything else?"}]}
            """;

    @Inject
    DataSource dataSource;

    static String organisationWithUnits() {
        String slug = Unique.name("surveys");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Org " + slug))
                .post("/api/admin/organisations").then().statusCode(201);
        Staff.admin().contentType("text/csv").body("id,name,parent_id\nr,Region,\nt,Team,r\n")
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200);
        return slug;
    }

    static String createFromTemplate(String slug) {
        return Staff.admin().post("/api/admin/organisations/" + slug + "/surveys/from-template/probation-wellbeing")
                .then().statusCode(201)
                .body("status", equalTo("DRAFT"))
                .body("k", equalTo(10))
                .body("title", equalTo("Probation staff wellbeing and workload survey"))
                .body("definition.questions.type", hasItem("likert5"))
                .extract().path("id");
    }

    @Test
    void listsTheTemplates() {
        Staff.admin().get("/api/admin/survey-templates").then().statusCode(200)
                .body("id", hasItem("probation-wellbeing"));
        Staff.admin().get("/api/admin/survey-templates/probation-wellbeing").then().statusCode(200)
                .body("k", equalTo(10));
        Staff.admin().get("/api/admin/survey-templates/nope").then().statusCode(404);
    }

    @Test
    void createsADraftFromJsonAndChangesItWhileDraft() {
        String slug = organisationWithUnits();
        String id = Staff.admin().contentType(ContentType.JSON).body(SMALL)
                .post("/api/admin/organisations/" + slug + "/surveys").then().statusCode(201)
                .body("k", equalTo(7)).body("status", equalTo("DRAFT")).extract().path("id");
        Staff.admin().contentType(ContentType.JSON).body(SMALL.replace("Pulse", "Pulse 2").replace("\"k\": 7", "\"k\": 12"))
                .put("/api/admin/surveys/" + id + "/definition").then().statusCode(200)
                .body("title", equalTo("Pulse 2")).body("k", equalTo(12));
        Staff.admin().get("/api/admin/organisations/" + slug + "/surveys").then().statusCode(200)
                .body("title", hasItem("Pulse 2"));
    }

    @Test
    void refusesAnInvalidDefinitionWithEveryProblem() {
        String slug = organisationWithUnits();
        Staff.admin().contentType(ContentType.JSON)
                .body("{\"title\": \"\", \"k\": 3, \"questions\": [{\"id\": \"q\", \"type\": \"essay\"}]}")
                .post("/api/admin/organisations/" + slug + "/surveys").then().statusCode(422)
                .body("error", containsString("problem"))
                .body("problems", hasItem(containsString("k:")))
                .body("problems", hasItem(containsString("title:")))
                .body("problems", hasItem(containsString("questions[0].type:")));
        Staff.admin().contentType(ContentType.JSON).body("{not json")
                .post("/api/admin/organisations/" + slug + "/surveys").then().statusCode(422)
                .body("problems[0]", containsString("line 1"));
        Staff.admin().get("/api/admin/organisations/" + slug + "/surveys").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void anOpenSurveyIsFrozen() {
        String slug = organisationWithUnits();
        String id = createFromTemplate(slug);
        org.candour.support.Invitations.generate(id, "t", 10);
        org.candour.support.Trustees.assign(id);
        org.candour.support.Trustees.approve(id);
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(200)
                .body("status", equalTo("OPEN"));
        Staff.admin().contentType(ContentType.JSON).body(SMALL.replace("\"k\": 7", "\"k\": 5"))
                .put("/api/admin/surveys/" + id + "/definition").then().statusCode(409)
                .body("error", containsString("its questions and k threshold are frozen"))
                .body("error", containsString("never be loosened after launch"));
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409)
                .body("error", containsString("only a draft can be opened"));
        Staff.admin().delete("/api/admin/surveys/" + id).then().statusCode(409)
                .body("error", containsString("Only a draft can be deleted"));
        Staff.admin().get("/api/admin/surveys/" + id).then().statusCode(200).body("k", equalTo(10));

        Staff.admin().post("/api/admin/surveys/" + id + "/close").then().statusCode(400)
                .body("error", containsString("reason: say why"));
        org.candour.support.Fixtures.close(id);
        Staff.admin().get("/api/admin/surveys/" + id).then().statusCode(200)
                .body("status", equalTo("CLOSED"));
        Staff.admin().post("/api/admin/surveys/" + id + "/close").then().statusCode(409)
                .body("error", containsString("Only an open survey can be closed"));
        Staff.admin().contentType(ContentType.JSON).body(SMALL)
                .put("/api/admin/surveys/" + id + "/definition").then().statusCode(409)
                .body("error", containsString("closed"));
    }

    @Test
    void theDatabaseItselfRefusesToLoosenAnOpenSurvey() throws SQLException {
        String slug = organisationWithUnits();
        String id = createFromTemplate(slug);
        org.candour.support.Invitations.generate(id, "t", 10);
        org.candour.support.Trustees.assign(id);
        org.candour.support.Trustees.approve(id);
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(200);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            SQLException e = assertThrows(SQLException.class, () -> update(c, "update survey set k_threshold = 5 where id = ?", id));
            assertTrue(e.getMessage().contains("frozen"), e.getMessage());
            assertThrows(SQLException.class, () -> update(c, "update survey set definition = '{}'::jsonb where id = ?", id));
            assertThrows(SQLException.class, () -> update(c, "update survey set status = 'DRAFT' where id = ?", id));
            assertThrows(SQLException.class, () -> update(c, "delete from survey where id = ?", id));
            try (PreparedStatement ps = c.prepareStatement("select k_threshold, status from survey where id = ?")) {
                ps.setObject(1, UUID.fromString(id));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(10, rs.getInt(1));
                    assertEquals("OPEN", rs.getString(2));
                }
            }
        }
    }

    private static void update(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(id));
            ps.executeUpdate();
        }
    }

    @Test
    void aSurveyCannotOpenBeforeTheOrganisationHasUnits() {
        String slug = Unique.name("empty");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Empty"))
                .post("/api/admin/organisations").then().statusCode(201);
        String id = createFromTemplate(slug);
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409)
                .body("error", containsString("Import the organisation's reporting units"));
        Staff.admin().delete("/api/admin/surveys/" + id).then().statusCode(204);
        Staff.admin().get("/api/admin/surveys/" + id).then().statusCode(404);
    }

    @Test
    void unknownSurveysAndTemplatesAre404() {
        String slug = organisationWithUnits();
        Staff.admin().get("/api/admin/surveys/" + UUID.randomUUID()).then().statusCode(404)
                .body("error", equalTo("No such survey."));
        Staff.admin().post("/api/admin/organisations/" + slug + "/surveys/from-template/nope").then().statusCode(404)
                .body("error", containsString("No survey template 'nope'"));
    }
}
