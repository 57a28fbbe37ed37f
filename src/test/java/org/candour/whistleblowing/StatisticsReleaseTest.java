package org.candour.whistleblowing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Staff;
import org.candour.whistleblowing.WhistleblowingApiTest.Org;
import org.junit.jupiter.api.Test;

/**
 * A channel's year is released once, after it has ended, and never changes: the current year shows
 * nothing; a differencing attacker who compares the statistics (page and JSON) before and after a case of
 * a released year is concluded, or deleted by retention, finds no difference; two replicas releasing the
 * same year at the same moment store one release and both show it; the database refuses to change one.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class StatisticsReleaseTest {

    @Inject
    DataSource dataSource;

    @Inject
    Notices notices;

    /** Twenty cases in one channel: ten concluded under Bullying, ten new; the ids of the new ones. */
    private record Channel20(Org o, String handler, String channel, List<String> open) {
    }

    @Test
    void aReleasedYearNeverChangesAndTheCurrentYearShowsNothing() throws Exception {
        Channel20 c = twentyCases();
        int year = LocalDate.now(Cases.ZONE).getYear();
        Browserless admin = new Browserless().signIn(Staff.ADMIN, Staff.ADMIN_PASSWORD);

        // This year: nothing released, on the page or in the JSON, and nothing stored.
        String page = page(admin, c.o());
        assertTrue(page.contains("No figures for " + year + " are shown"), page);
        assertTrue(page.contains("No figures released yet."), page);
        assertFalse(page.contains("id=\"statistics\""), page);
        assertEquals(List.of(), json(c.o()).jsonPath().getList("rows"));
        assertEquals(0, releases(c.channel()));

        // Received last year: released at the first view (page), as the JSON then shows too.
        receivedIn(c.o(), year - 1);
        String before = table(page(admin, c.o()));
        String beforeJson = json(c.o()).asString();
        assertEquals(1, releases(c.channel()));
        assertTrue(before.contains("new: 10; acknowledged: 0; assessing: 0; investigating: 0; concluded: 10; deleted: 0"),
                before);
        assertTrue(before.contains("Bullying: 10; Racism: 0"), before);
        assertTrue(before.contains("<time datetime=\"" + LocalDate.now(Cases.ZONE) + "\">"), before);

        // One more case of that year concluded, under Racism: recomputed, 9 would be open and 11 closed, and
        // the Racism 1 would show as a difference. Then a Bullying case is deleted by retention.
        CaseStatisticsTest.conclude(c.handler(), c.open().get(0), "Racism");
        try (Connection db = dataSource.getConnection(); Statement st = db.createStatement()) {
            st.executeUpdate("update wb_report set keep_until = current_date - 1 where id = (select id from wb_report"
                    + " where organisation_id = '" + c.o().id() + "' and category = 'Bullying' limit 1)");
        }
        notices.run(LocalDate.now(Cases.ZONE), LocalTime.of(9, 0));
        assertEquals(1, count("select count(*) from wb_deleted d join wb_channel ch on ch.id = d.channel_id"
                + " where ch.organisation_id = '" + c.o().id() + "'"));
        assertEquals(1, count("select count(*) from wb_report where organisation_id = '" + c.o().id()
                + "' and category = 'Racism'"));

        // The differencing attacker compares the two views: no difference.
        assertEquals(before, table(page(admin, c.o())));
        assertEquals(beforeJson, json(c.o()).asString());
        assertEquals(1, releases(c.channel()));

        // The database refuses to change or delete a release.
        try (Connection db = dataSource.getConnection(); Statement st = db.createStatement()) {
            assertThrows(SQLException.class, () -> st.executeUpdate("update wb_statistics_release set figures = '{}'"
                    + " where channel_id = '" + c.channel() + "'"));
            assertThrows(SQLException.class, () -> st.executeUpdate("delete from wb_statistics_release"
                    + " where channel_id = '" + c.channel() + "'"));
            assertThrows(SQLException.class, () -> st.executeUpdate("insert into wb_statistics_release"
                    + " (channel_id, year, released_on, k, figures) values ('" + c.channel() + "', " + year
                    + ", current_date, 10, '{}')"));
        }
    }

    @Test
    void twoReplicasReleasingAYearAtOnceStoreOneReleaseAndShowTheSame() throws Exception {
        Channel20 c = twentyCases();
        int year = LocalDate.now(Cases.ZONE).getYear();
        receivedIn(c.o(), year - 1);
        // Both requests count the cases, then wait to insert behind a lock held here; in between, a case is
        // concluded, so the two count differently.
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("lock table wb_statistics_release in share mode");
            }
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> json(c.o()).asString(), replicas);
            waitForWaiters(1);
            // Concluding touches only the case, so the lock does not hold it up.
            CaseStatisticsTest.conclude(c.handler(), c.open().get(0), "Racism");
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> json(c.o()).asString(), replicas);
            waitForWaiters(2);
            lock.commit();
            assertEquals(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
        } finally {
            replicas.shutdown();
        }
        assertEquals(1, releases(c.channel()));
        // What is stored was counted by one of them, before the conclusion (new 10, concluded 10, and the
        // categories) or after it (9 open: no categories, new 9 and concluded 11 together), never a mixture.
        JsonPath j = json(c.o()).jsonPath();
        if (j.get("rows[0].categories") != null) {
            assertEquals(List.of(10, 0, 0, 0, 10, 0), j.getList("rows[0].outcomes.shown.count"));
        } else {
            assertEquals(List.of(List.of("new", "concluded")), j.getList("rows[0].outcomes.together.labels"));
            assertEquals(List.of(20), j.getList("rows[0].outcomes.together.count"));
        }
    }

    @Test
    void everyCompletedYearSinceAChannelWasCreatedIsListedWithCasesOrWithout() throws Exception {
        CaseAssignmentTest.Setup s = CaseAssignmentTest.aCaseOfTwoHandlers("Report 0");
        for (int i = 1; i < 3; i++) {
            given().contentType(ContentType.JSON).body(WhistleblowingApiTest.filing(List.of(s.channel()), "Report " + i))
                    .post("/api/v1/reports/" + s.o().slug()).then().statusCode(201);
        }
        int year = LocalDate.now(Cases.ZONE).getYear();
        receivedIn(s.o(), year - 1);
        try (Connection db = dataSource.getConnection(); Statement st = db.createStatement()) {
            st.executeUpdate("update wb_channel set created_on = make_date(" + (year - 3) + ", 11, 30) where id = '"
                    + s.channel() + "'");
        }
        // Three cases last year, none in the two years before: all three read "fewer than k" alike, so that a
        // year is listed says nothing about whether it had a case.
        JsonPath j = json(s.o()).jsonPath();
        assertEquals(List.of(year - 3, year - 2, year - 1), j.getList("rows.year"));
        for (int i = 0; i < 3; i++) {
            Map<String, Object> row = j.getMap("rows[" + i + "]");
            assertEquals("Union casework", row.get("channel"));
            assertEquals(LocalDate.now(Cases.ZONE).toString(), row.get("released"));
            assertEquals(10, row.get("k"));
            assertNull(row.get("total"));
            assertNull(row.get("outcomes"));
            assertNull(row.get("categories"));
        }
        assertEquals(3, releases(s.channel()));
    }

    @Test
    void unknownOrganisationIsAClear404() {
        Staff.admin().get("/api/admin/organisations/no-such-organisation/channels/statistics").then().statusCode(404);
    }

    private Channel20 twentyCases() {
        CaseAssignmentTest.Setup s = CaseAssignmentTest.aCaseOfTwoHandlers("Report 0");
        for (int i = 1; i < 20; i++) {
            given().contentType(ContentType.JSON).body(WhistleblowingApiTest.filing(List.of(s.channel()), "Report " + i))
                    .post("/api/v1/reports/" + s.o().slug()).then().statusCode(201);
        }
        List<String> ids = WhistleblowingApiTest.as(s.h1()).get("/api/handler/cases").then().statusCode(200).extract()
                .jsonPath().getList("id");
        assertEquals(20, ids.size());
        for (int i = 0; i < 10; i++) {
            CaseStatisticsTest.conclude(s.h1(), ids.get(i), "Bullying");
        }
        return new Channel20(s.o(), s.h1(), s.channel(), ids.subList(10, 20));
    }

    private static String page(Browserless admin, Org o) {
        return admin.get("/admin/channels/" + o.slug() + "/statistics").then().statusCode(200).extract().asString();
    }

    /** The statistics table of a page: all that an attacker could compare, besides the fixed text. */
    private static String table(String page) {
        Matcher m = Pattern.compile("<table id=\"statistics\">.*?</table>", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), page);
        return m.group();
    }

    private static Response json(Org o) {
        return Staff.admin().get("/api/admin/organisations/" + o.slug() + "/channels/statistics").then().statusCode(200)
                .extract().response();
    }

    private void receivedIn(Org o, int year) throws SQLException {
        try (Connection db = dataSource.getConnection(); Statement st = db.createStatement()) {
            st.executeUpdate("update wb_report set received_on = make_date(" + year + ", 3, 1) where organisation_id = '"
                    + o.id() + "'");
        }
    }

    private int releases(String channel) throws SQLException {
        return count("select count(*) from wb_statistics_release where channel_id = '" + channel + "'");
    }

    private int count(String sql) throws SQLException {
        try (Connection db = dataSource.getConnection(); Statement st = db.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Until {@code n} transactions wait for a lock on the releases (the requests, about to insert). */
    private void waitForWaiters(int n) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (count("select count(*) from pg_locks where relation = 'wb_statistics_release'::regclass"
                    + " and not granted") >= n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(n + " requests never reached the insert");
    }
}
