package org.candour.whistleblowing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Staff;
import org.candour.whistleblowing.WhistleblowingApiTest.Org;
import org.junit.jupiter.api.Test;

/**
 * A handler concludes a case only with its category from the channels' list, recorded then and only
 * then; the statistics count concluded and deleted cases by category (page and JSON) when the closed and
 * the open cases are each 0 or at least k (10 here), and retention keeps the count per category.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class CaseStatisticsTest {

    @Inject
    DataSource dataSource;

    @Inject
    Notices notices;

    @Test
    void concludedCasesAreCountedByCategoryAtKAndRetentionKeepsTheCounts() throws Exception {
        CaseAssignmentTest.Setup s = CaseAssignmentTest.aCaseOfTwoHandlers("The rota is falsified.");
        Org o = s.o();
        String h = s.h1();
        String channel = s.channel();
        String receipt = s.receipt();
        String first = s.caseId();
        for (int i = 1; i < 20; i++) {
            given().contentType(ContentType.JSON).body(WhistleblowingApiTest.filing(List.of(channel), "Report " + i))
                    .post("/api/v1/reports/" + o.slug()).then().statusCode(201);
        }
        List<String> ids = WhistleblowingApiTest.as(h).get("/api/handler/cases").then().statusCode(200).extract()
                .jsonPath().getList("id");
        assertEquals(20, ids.size());
        // The categories it can be concluded under are the channel's; a category is required and must be one.
        WhistleblowingApiTest.as(h).get("/api/handler/cases/" + first + "/categories").then().statusCode(200)
                .body("$", is(List.of("Bullying", "Racism", "Unsafe caseloads")));
        for (Map<String, String> bad : List.of(Map.of("status", "concluded"), Map.of("status", "concluded", "category",
                "Something else"))) {
            WhistleblowingApiTest.as(h).contentType(ContentType.JSON).body(bad)
                    .post("/api/handler/cases/" + first + "/status").then().statusCode(400)
                    .body("error", startsWith("category:"));
        }
        // Moving a case on without concluding it records no category.
        WhistleblowingApiTest.as(h).contentType(ContentType.JSON).body(Map.of("status", "assessing", "category", "Racism"))
                .post("/api/handler/cases/" + first + "/status").then().statusCode(200).body("category", nullValue());

        // The current year shows nothing until it has ended.
        int year = LocalDate.now(Cases.ZONE).getYear();
        JsonPath stats = statistics(o);
        assertEquals(List.of(), stats.getList("rows"));
        assertEquals(year, stats.getInt("pending.year"));
        assertEquals(LocalDate.of(year + 1, 1, 1).toString(), stats.getString("pending.releasedFrom"));

        // 19 of 20 concluded, received two years ago: 1 open, so no categories, and the outcomes as before.
        for (int i = 0; i < 19; i++) {
            conclude(h, ids.get(i), i < 10 ? "Bullying" : "Racism");
        }
        receivedIn(o, year - 2);
        stats = statistics(o);
        assertEquals(10, stats.getInt("k"));
        assertEquals(year - 2, stats.getInt("rows[0].year"));
        assertEquals(20, stats.getInt("rows[0].total"));
        assertEquals(10, stats.getInt("rows[0].k"));
        assertEquals(LocalDate.now(Cases.ZONE).toString(), stats.getString("rows[0].released"));
        assertNull(stats.get("rows[0].categories"));
        // All 20, moved to last year: that year's categories are shown, each on its own; the year before
        // stays as released.
        conclude(h, ids.get(19), "Racism");
        receivedIn(o, year - 1);
        stats = statistics(o);
        assertEquals(List.of(year - 2, year - 1), stats.getList("rows.year"));
        assertEquals(20, stats.getInt("rows[0].total"));
        assertNull(stats.get("rows[0].categories"));
        assertEquals(List.of("Bullying", "Racism", "Unsafe caseloads", Statistics.OTHER),
                stats.getList("rows[1].categories.shown.label"));
        assertEquals(List.of(10, 10, 0, 0), stats.getList("rows[1].categories.shown.count"));
        // The category is the handlers': the reporter does not see it; and the database refuses one on an
        // open case.
        given().contentType(ContentType.JSON).body(Map.of("receipt", receipt)).post("/api/v1/reports/follow-up").then()
                .statusCode(200).body("meta.status", is("concluded")).body("meta.category", nullValue());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            assertThrows(SQLException.class, () -> st.executeUpdate("update wb_report set status = 'investigating'"
                    + " where id = '" + ids.get(0) + "'"));
        }

        // The Racism ones pass their day: deleted, leaving counts per category, which a year not yet
        // released counts as deleted.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update wb_report set received_on = make_date(" + (year - 3) + ", 6, 1)"
                    + " where organisation_id = '" + o.id() + "'");
            st.executeUpdate("update wb_report set keep_until = keep_until - 200 where organisation_id = '" + o.id()
                    + "' and category = 'Racism'");
        }
        notices.run(LocalDate.now(Cases.ZONE), LocalTime.of(9, 0));
        stats = statistics(o);
        assertEquals(List.of(year - 3, year - 2, year - 1), stats.getList("rows.year"));
        assertEquals(20, stats.getInt("rows[0].total"));
        assertEquals(List.of(0, 0, 0, 0, 10, 10), stats.getList("rows[0].outcomes.shown.count"));
        assertEquals(List.of(10, 10, 0, 0), stats.getList("rows[0].categories.shown.count"));
        assertEquals(List.of(10, 10, 0, 0), stats.getList("rows[2].categories.shown.count"));

        Browserless admin = new Browserless().signIn(Staff.ADMIN, Staff.ADMIN_PASSWORD);
        admin.get("/admin/channels/" + o.slug() + "/statistics").then().statusCode(200)
                .body(containsString("concluded: 10; deleted: 10"))
                .body(containsString("Bullying: 10; Racism: 10; Unsafe caseloads: 0; other or not recorded: 0"))
                .body(containsString("<td class=\"released\"><time datetime=\"" + LocalDate.now(Cases.ZONE) + "\">"))
                .body(containsString("No figures for " + year + " are shown"))
                .body(containsString("<time datetime=\"" + (year + 1) + "-01-01\">1 January " + (year + 1) + "</time>"));
        // A handler is no admin.
        WhistleblowingApiTest.as(h).get("/api/admin/organisations/" + o.slug() + "/channels/statistics").then()
                .statusCode(403);
    }

    @Test
    void theCasePageConcludesWithTheCategoryTheReporterChoseOfferedFirst() {
        CaseAssignmentTest.Setup s = CaseAssignmentTest.aCaseOfTwoHandlers("Shouting again.");
        String h = s.h1();
        String path = "/handler/cases/" + s.caseId();
        Browserless b = new Browserless().signIn(h, WhistleblowingApiTest.PASSWORD);
        // Closed, the page offers the channel's categories with none chosen, and the status form no longer concludes.
        b.get(path).then().statusCode(200).body(containsString("id=\"conclude-form\""))
                .body(containsString("<option value=\"\">Choose…</option><option>Bullying</option><option>Racism</option>"))
                .body(not(containsString("<option>concluded</option>")));
        // Opened, the reporter's category is offered first.
        b.post(path + "/open", Map.of("_csrf", b.token(path), "passphrase", WhistleblowingApiTest.KEY_PASSPHRASE))
                .then().statusCode(200).body(containsString("<option selected>Bullying</option>"));
        b.post(path + "/status", Map.of("_csrf", b.token(path), "status", "concluded", "category", ""))
                .then().statusCode(400).body(containsString("category:"));
        Response r = b.post(path + "/status", Map.of("_csrf", b.token(path), "status", "concluded", "category", "Racism"));
        assertEquals(303, r.statusCode());
        b.follow(r).then().statusCode(200).body(containsString("<dd id=\"case-category\">Racism</dd>"))
                .body(containsString("<dd id=\"case-status\">concluded</dd>"))
                .body(not(containsString("id=\"conclude-form\"")));
    }

    static void conclude(String handler, String caseId, String category) {
        WhistleblowingApiTest.as(handler).contentType(ContentType.JSON).body(Map.of("status", "concluded", "category",
                category)).post("/api/handler/cases/" + caseId + "/status").then().statusCode(200)
                .body("category", is(category));
    }

    /** Every case of the organisation received on 1 June of {@code year}. */
    private void receivedIn(Org o, int year) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update wb_report set received_on = make_date(" + year + ", 6, 1) where organisation_id = '"
                    + o.id() + "'");
        }
    }

    private static JsonPath statistics(Org o) {
        return Staff.admin().get("/api/admin/organisations/" + o.slug() + "/channels/statistics").then().statusCode(200)
                .extract().jsonPath();
    }
}
