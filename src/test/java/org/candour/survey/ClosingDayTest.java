package org.candour.survey;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.ResponseApiTest;
import org.candour.support.Browserless;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.junit.jupiter.api.Test;

/**
 * The announced closing day against the real PostgreSQL: opening with one (or the API's default), moving
 * it with a reason, closing early or late with one, the changes shown to respondents and admins, the
 * automatic close at the end of the day, and the append-only table and the guard that the database keeps.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class ClosingDayTest {

    private static final String REASON = "The night shift asked for one more week <b>& 'rota'</b>";
    private static final String REASON_SHOWN = "The night shift asked for one more week &lt;b&gt;&amp; &#39;rota&#39;&lt;/b&gt;";

    @Inject
    DataSource dataSource;

    @Inject
    ClosingScheduler scheduler;

    @Inject
    SurveyService surveys;

    private LocalDate today() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("select current_date");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getObject(1, LocalDate.class);
        }
    }

    private static String ready() {
        return Fixtures.readyToOpen(12, List.of()).id();
    }

    private static Response open(String id, Object body) {
        var request = Staff.admin();
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/api/admin/surveys/" + id + "/open");
    }

    private static String openedOn(LocalDate day) {
        String id = ready();
        open(id, Map.of("closesOn", day.toString())).then().statusCode(200);
        return id;
    }

    private static Response move(String id, Map<String, ?> body) {
        return Staff.admin().contentType(ContentType.JSON).body(body).post("/api/admin/surveys/" + id + "/closing-day");
    }

    private static Response close(String id, String reason) {
        var request = Staff.admin();
        if (reason != null) {
            request = request.contentType(ContentType.JSON).body(Map.of("reason", reason));
        }
        return request.post("/api/admin/surveys/" + id + "/close");
    }

    private int changeRows(String id) throws SQLException {
        return count("select count(*) from survey_closing_change where survey_id = ?", id);
    }

    private static Browserless admin() {
        return new Browserless().signIn(Staff.ADMIN, Staff.ADMIN_PASSWORD);
    }

    @Test
    void opensWithTheClosingDayItAnnouncesAndShowsItToRespondents() throws SQLException {
        LocalDate day = today().plusDays(14);
        String id = openedOn(day);
        Staff.admin().get("/api/admin/surveys/" + id).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("closesOn", equalTo(day.toString()))
                .body("closingChanges.size()", equalTo(0));
        given().get("/api/v1/surveys/" + id).then().statusCode(200).body("closesOn", equalTo(day.toString()));
        given().accept("text/html").get("/s/" + id).then().statusCode(200)
                .body(containsString("The survey closes at the end of <strong>" + ClosingChange.day(day) + "</strong>."))
                .body(containsString("None: the closing day is the one announced when the survey opened."));
        admin().get("/admin/surveys/" + id).then().statusCode(200)
                .body(containsString(ClosingChange.day(day))).body(containsString("id=\"move-form\""))
                .body(containsString("closing now is closing early"));
    }

    @Test
    void theApiAnnouncesTwentyEightDaysWhenNoDayIsGiven() throws SQLException {
        String id = ready();
        open(id, null).then().statusCode(200).body("closesOn", equalTo(today().plusDays(28).toString()));
        String other = ready();
        open(other, Map.of()).then().statusCode(200).body("closesOn", equalTo(today().plusDays(28).toString()));
    }

    @Test
    void aClosingDayInThePastTooFarAheadOrMalformedIs400AndTheSurveyStaysADraft() throws SQLException {
        String id = ready();
        open(id, Map.of("closesOn", today().minusDays(1).toString())).then().statusCode(400)
                .body("error", equalTo("closesOn: the closing day is today (" + today() + ") or later."));
        open(id, Map.of("closesOn", today().plusYears(1).plusDays(1).toString())).then().statusCode(400)
                .body("error", equalTo("closesOn: the closing day is at most a year ahead (" + today().plusYears(1) + ")."));
        open(id, Map.of("closesOn", "12/05/2027")).then().statusCode(400)
                .body("error", equalTo("closesOn: a day as YYYY-MM-DD, such as 2027-05-12."));
        Staff.admin().get("/api/admin/surveys/" + id).then().body("status", equalTo("DRAFT")).body("closesOn", nullValue());
        open(id, Map.of("closesOn", today().plusYears(1).toString())).then().statusCode(200);
    }

    @Test
    void theOpenFormRequiresADay() throws SQLException {
        String id = ready();
        String page = "/admin/surveys/" + id;
        Browserless b = admin();
        b.get(page).then().statusCode(200).body(containsString("id=\"closes-on\" name=\"closesOn\" type=\"date\" min=\""
                + today() + "\" max=\"" + today().plusYears(1) + "\" required"));
        b.post(page + "/open", Map.of("_csrf", b.token(page))).then().statusCode(400)
                .body(containsString("closesOn: choose the day the survey closes (YYYY-MM-DD)."));
        b.post(page + "/open", Map.of("_csrf", b.token(page), "closesOn", "")).then().statusCode(400);
        Staff.admin().get("/api/admin/surveys/" + id).then().body("status", equalTo("DRAFT"));
        b.post(page + "/open", Map.of("_csrf", b.token(page), "closesOn", today().plusDays(7).toString()))
                .then().statusCode(303).header("Location", containsString("notice=opened"));
        Staff.admin().get("/api/admin/surveys/" + id).then().body("closesOn", equalTo(today().plusDays(7).toString()));
    }

    @Test
    void movingNeedsAValidDayAndReasonAndChangesNothingWithout() throws SQLException {
        LocalDate day = today().plusDays(7);
        String id = openedOn(day);
        move(id, Map.of("closesOn", day.plusDays(7).toString())).then().statusCode(400)
                .body("error", containsString("reason: say why"));
        move(id, Map.of("closesOn", day.plusDays(7).toString(), "reason", "   ")).then().statusCode(400)
                .body("error", containsString("reason: say why"));
        move(id, Map.of("closesOn", day.plusDays(7).toString(), "reason", "  too short  ")).then().statusCode(400)
                .body("error", equalTo("reason: at least 10 characters."));
        move(id, Map.of("closesOn", day.plusDays(7).toString(), "reason", "x".repeat(501))).then().statusCode(400)
                .body("error", equalTo("reason: at most 500 characters."));
        move(id, Map.of("closesOn", day.plusDays(7).toString(), "reason", "two lines\nof reason")).then().statusCode(400)
                .body("error", equalTo("reason: one line of text, without control characters."));
        move(id, Map.of("closesOn", day.plusDays(7).toString(), "reason", "reversed \u202etext here")).then().statusCode(400);
        move(id, Map.of("reason", REASON)).then().statusCode(400).body("error", containsString("closesOn: choose"));
        move(id, Map.of("closesOn", today().minusDays(1).toString(), "reason", REASON)).then().statusCode(400)
                .body("error", containsString("today"));
        move(id, Map.of("closesOn", day.toString(), "reason", REASON)).then().statusCode(400)
                .body("error", containsString("already closes on"));
        Staff.admin().post("/api/admin/surveys/" + id + "/closing-day").then().statusCode(400);
        Staff.admin().get("/api/admin/surveys/" + id).then().body("closesOn", equalTo(day.toString()))
                .body("closingChanges.size()", equalTo(0));
        assertEquals(0, changeRows(id));
    }

    @Test
    void aMoveIsRecordedAndShownToRespondentsAndAdmins() throws SQLException {
        LocalDate day = today().plusDays(7);
        LocalDate later = day.plusDays(7);
        String id = openedOn(day);
        move(id, Map.of("closesOn", later.toString(), "reason", "  " + REASON + " ")).then().statusCode(200)
                .body("closesOn", equalTo(later.toString()))
                .body("closingChanges[0].day", equalTo(today().toString()))
                .body("closingChanges[0].kind", equalTo("closing moved"))
                .body("closingChanges[0].from", equalTo(day.toString()))
                .body("closingChanges[0].to", equalTo(later.toString()))
                .body("closingChanges[0].reason", equalTo(REASON));
        String sentence = "Closing moved from " + ClosingChange.day(day) + " to " + ClosingChange.day(later) + ", on "
                + ClosingChange.day(today()) + ": ";
        assertEquals(List.of(new ClosingChange(today(), ClosingChange.Kind.MOVED, day, later, REASON)), surveys.changes(UUID.fromString(id)));
        assertEquals(sentence + REASON, surveys.changes(UUID.fromString(id)).get(0).sentence());
        given().get("/api/v1/surveys/" + id).then().body("closesOn", equalTo(later.toString()))
                .body("closingChanges[0].sentence", equalTo(sentence + REASON));
        given().accept("text/html").get("/s/" + id).then().statusCode(200)
                .body(containsString("<strong>" + ClosingChange.day(later) + "</strong>"))
                .body(containsString("<li>" + sentence + REASON_SHOWN + "</li>"))
                .body(not(containsString("<b>&")));

        // Moved again, from the admin's page: both changes, in order.
        Browserless b = admin();
        String page = "/admin/surveys/" + id;
        b.post(page + "/closing-day", Map.of("_csrf", b.token(page), "closesOn", day.toString())).then().statusCode(400)
                .body(containsString("reason: say why"));
        b.post(page + "/closing-day", Map.of("_csrf", b.token(page), "closesOn", day.toString(),
                "reason", "Back to the first day, as the union asked")).then().statusCode(303)
                .header("Location", containsString("notice=closing-moved"));
        String html = b.get(page).then().statusCode(200).extract().asString();
        int first = html.indexOf(sentence + REASON_SHOWN);
        int second = html.indexOf("Closing moved from " + ClosingChange.day(later) + " to " + ClosingChange.day(day));
        assertTrue(first > 0 && second > first, html);
        assertEquals(2, changeRows(id));
    }

    @Test
    void closingEarlyNeedsAReasonAndIsRecorded() throws SQLException {
        LocalDate day = today().plusDays(10);
        String id = openedOn(day);
        admin().get("/admin/surveys/" + id).then().body(containsString("id=\"close-reason\""))
                .body(containsString("closing now is closing early"));
        close(id, null).then().statusCode(400).body("error", containsString("reason: say why"));
        close(id, "short").then().statusCode(400).body("error", equalTo("reason: at least 10 characters."));
        Staff.admin().get("/api/admin/surveys/" + id).then().body("status", equalTo("OPEN"));
        assertEquals(0, changeRows(id));

        close(id, "Enough responses; the office moves next week").then().statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("closesOn", equalTo(day.toString()))
                .body("closingChanges[0].kind", equalTo("closed early"))
                .body("closingChanges[0].to", equalTo(today().toString()))
                .body("closingChanges[0].sentence", equalTo("Closed early on " + ClosingChange.day(today())
                        + ", before the announced " + ClosingChange.day(day) + ": Enough responses; the office moves next week"));
        given().accept("text/html").get("/s/" + id).then().statusCode(200)
                .body(containsString("Closed early on " + ClosingChange.day(today())));
    }

    @Test
    void closingOnTheAnnouncedDayNeedsNoReason() throws SQLException {
        String id = openedOn(today());
        admin().get("/admin/surveys/" + id).then().body(not(containsString("id=\"close-reason\"")));
        close(id, null).then().statusCode(200).body("status", equalTo("CLOSED")).body("closingChanges.size()", equalTo(0));
        assertEquals(0, changeRows(id));
    }

    @Test
    void closingLateNeedsAReasonAndIsRecorded() throws SQLException {
        String id = openedOn(today().plusDays(3));
        // Two days ago, as if the day had been moved then: written as the database allows, with its change row.
        LocalDate past = today().minusDays(2);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("insert into survey_closing_change (survey_id, number, kind,"
                    + " closes_before, closes_after, reason) values (?, 1, 'closing moved', ?, ?, 'set by the test')")) {
                st.setObject(1, UUID.fromString(id));
                st.setObject(2, today().plusDays(3));
                st.setObject(3, past);
                st.executeUpdate();
            }
            update(c, "update survey set closes_on = ? where id = ?", past, id);
            c.commit();
        }
        close(id, null).then().statusCode(400).body("error", containsString("reason: say why"));
        close(id, "The admin was away when the day ended").then().statusCode(200)
                .body("closingChanges[1].kind", equalTo("closed late"))
                .body("closingChanges[1].sentence", equalTo("Closed late on " + ClosingChange.day(today())
                        + ", after the announced " + ClosingChange.day(past) + ": The admin was away when the day ended"));
    }

    @Test
    void movingAClosedOrDraftSurveyIs409() throws SQLException {
        String id = openedOn(today());
        close(id, null).then().statusCode(200);
        move(id, Map.of("closesOn", today().plusDays(3).toString(), "reason", REASON)).then().statusCode(409)
                .body("error", equalTo("Only an open survey's closing day can be moved; this one is closed."));
        String draft = ready();
        move(draft, Map.of("closesOn", today().plusDays(3).toString(), "reason", REASON)).then().statusCode(409)
                .body("error", containsString("chooses its day when it opens"));
        assertEquals(0, changeRows(id));
    }

    @Test
    void theSurveyClosesByItselfAfterItsDayAsAnAdminWouldCloseIt() throws SQLException {
        OpenSurvey s = Fixtures.readyToOpen(12, List.of());
        open(s.id(), Map.of("closesOn", today().toString())).then().statusCode(200);
        String receipt = Spends.spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(0)), ResponseApiTest.answers(3))
                .then().statusCode(201).extract().path("receipt");

        scheduler.closeDue(today());
        Staff.admin().get("/api/admin/surveys/" + s.id()).then().body("status", equalTo("OPEN"));
        scheduler.closeDue(today().plusDays(1));
        Staff.admin().get("/api/admin/surveys/" + s.id()).then().body("status", equalTo("CLOSED"))
                .body("closingChanges.size()", equalTo(0));
        // The same close: the held response flushed into the results, the receipt list published, keys destroyed.
        assertEquals(0, count("select count(*) from response_holding where survey_id = ?", s.id()));
        assertEquals(1, count("select count(*) from response where survey_id = ?", s.id()));
        assertEquals(0, count("select count(*) from issuer_key where survey_id = ? and wrapped_private is not null", s.id()));
        given().get("/api/v1/surveys/" + s.id() + "/receipts").then().statusCode(200)
                .body("receipts", org.hamcrest.Matchers.hasItem(receipt));
        assertFalse(surveys.closeAsAnnounced(UUID.fromString(s.id()), today().plusDays(1)), "closes once");
    }

    @Test
    void anAutomaticCloseLaterThanTheDayAfterIsRecordedAsLate() throws SQLException {
        String id = openedOn(today());
        scheduler.closeDue(today().plusDays(3));
        Staff.admin().get("/api/admin/surveys/" + id).then().body("status", equalTo("CLOSED"))
                .body("closingChanges[0].kind", equalTo("closed late"))
                .body("closingChanges[0].to", equalTo(today().plusDays(3).toString()))
                .body("closingChanges[0].reason", equalTo(SurveyService.LATE_AUTOMATIC));
    }

    @Test
    void twoReplicasClosingAtOnceCloseOnce() throws Exception {
        String id = openedOn(today());
        LocalDate next = today().plusDays(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> closers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                closers.add(() -> surveys.closeAsAnnounced(UUID.fromString(id), next));
            }
            int closed = 0;
            for (Future<Boolean> f : pool.invokeAll(closers)) {
                closed += f.get() ? 1 : 0;
            }
            assertEquals(1, closed);
        } finally {
            pool.shutdown();
        }
        Staff.admin().get("/api/admin/surveys/" + id).then().body("status", equalTo("CLOSED"));
        assertEquals(0, changeRows(id));
    }

    @Test
    void theDatabaseKeepsTheChangesAppendOnlyAndTheDayGuarded() throws SQLException {
        LocalDate day = today().plusDays(7);
        String id = openedOn(day);
        move(id, Map.of("closesOn", day.plusDays(1).toString(), "reason", REASON)).then().statusCode(200);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (String sql : List.of("update survey_closing_change set reason = 'Another reason entirely' where survey_id = ?",
                    "delete from survey_closing_change where survey_id = ?")) {
                SQLException e = assertThrows(SQLException.class, () -> update(c, sql, id));
                assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            }
            try (var st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute("truncate survey_closing_change"));
                assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            }
            // The day itself moves only with its change recorded, and a reason the service would refuse is refused.
            SQLException e = assertThrows(SQLException.class,
                    () -> update(c, "update survey set closes_on = closes_on + 30 where id = ?", id));
            assertTrue(e.getMessage().contains("recorded change"), e.getMessage());
            assertThrows(SQLException.class, () -> update(c, "insert into survey_closing_change (survey_id, number, kind,"
                    + " closes_before, closes_after, reason) select id, 9, 'closing moved', closes_on, closes_on + 1,"
                    + " ' padded reason ' from survey where id = ?", id));
        }
        assertEquals(1, changeRows(id));
        Staff.admin().get("/api/admin/surveys/" + id).then().body("closesOn", equalTo(day.plusDays(1).toString()));
    }

    private int count(String sql, String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, UUID.fromString(id));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void update(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, UUID.fromString(id));
            st.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, LocalDate day, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, day);
            st.setObject(2, UUID.fromString(id));
            st.executeUpdate();
        }
    }
}
