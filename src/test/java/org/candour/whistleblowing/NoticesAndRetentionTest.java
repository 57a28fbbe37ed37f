package org.candour.whistleblowing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.whistleblowing.WhistleblowingApiTest.Org;
import org.junit.jupiter.api.Test;

/**
 * Handlers hear that a case needs attention, and nothing more: at once or in a daily digest; a
 * concluded case is deleted on its day, leaving only a count, and its receipt then opens nothing.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class NoticesAndRetentionTest {

    @Inject
    MockMailbox mailbox;

    @Inject
    Notices notices;

    @Inject
    DataSource dataSource;

    @Test
    void noticesSayNothingButThatACaseNeedsAttentionAndExpiredCasesLeaveOnlyACount() throws Exception {
        Org o = WhistleblowingApiTest.organisation();
        String now = WhistleblowingApiTest.account(o, "HANDLER");
        String daily = WhistleblowingApiTest.account(o, "HANDLER");
        String channel = WhistleblowingApiTest.channel(o, "Union casework", List.of(now, daily));
        WhistleblowingApiTest.key(now);
        WhistleblowingApiTest.key(daily);
        String nowMail = now + "@example.org";
        String dailyMail = daily + "@example.org";
        WhistleblowingApiTest.as(now).contentType(ContentType.URLENC).formParam("email", nowMail)
                .formParam("_csrf", "x").post("/handler/notices").then().statusCode(403);
        setContact(now, nowMail, false);
        setContact(daily, dailyMail, true);
        mailbox.clear();
        LocalDate today = LocalDate.now(Cases.ZONE);
        notices.run(today, LocalTime.of(6, 0));

        String secret = "The duty manager falsifies the sign-in sheet";
        String receipt = given().contentType(ContentType.JSON).body(WhistleblowingApiTest.filing(List.of(channel), secret))
                .post("/api/v1/reports/" + o.slug()).then().statusCode(201).extract().path("receipt");
        String caseName = WhistleblowingApiTest.as(now).get("/api/handler/cases").then().extract().path("[0].caseName");
        // Before 07:00 only the handler who asked for notices at once hears; once.
        assertEquals(1, notices.run(today, LocalTime.of(6, 30)));
        List<Mail> sent = mailbox.getMailsSentTo(nowMail);
        assertEquals(1, sent.size());
        String all = sent.get(0).getSubject() + sent.get(0).getText();
        assertFalse(all.contains(caseName) || all.contains(secret) || all.contains("Union casework"), all);
        assertTrue(mailbox.getMailsSentTo(dailyMail).isEmpty());
        assertEquals(0, notices.run(today, LocalTime.of(6, 45)));
        // The digest goes after 07:00, once that day.
        assertEquals(1, notices.run(today, LocalTime.of(8, 0)));
        assertEquals(1, mailbox.getMailsSentTo(dailyMail).size());
        // A second case event the same day: at once for one, nothing more that day for the other (the day
        // is kept in the database, so no replica sends a second digest), the next day's digest then.
        given().contentType(ContentType.JSON).body(Map.of("receipt", receipt, "message", "More happened."))
                .post("/api/v1/reports/follow-up/reply").then().statusCode(200);
        assertEquals(1, notices.run(today, LocalTime.of(8, 30)));
        assertEquals(2, mailbox.getMailsSentTo(nowMail).size());
        assertEquals(1, mailbox.getMailsSentTo(dailyMail).size());
        assertEquals(1, notices.run(today.plusDays(1), LocalTime.of(7, 5)));
        assertEquals(2, mailbox.getMailsSentTo(dailyMail).size());

        // Concluded, then past its day: deleted, leaving a count.
        String caseId = WhistleblowingApiTest.as(now).get("/api/handler/cases").then().extract().path("[0].id");
        WhistleblowingApiTest.as(now).contentType(ContentType.JSON).body(Map.of("status", "concluded", "category",
                "Racism")).post("/api/handler/cases/" + caseId + "/status").then().statusCode(200);
        notices.run(today, LocalTime.of(9, 0));
        WhistleblowingApiTest.as(now).get("/api/handler/cases").then().statusCode(200)
                .body("$", org.hamcrest.Matchers.hasSize(1));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update wb_report set keep_until = keep_until - 200 where id = '" + caseId + "'");
        }
        notices.run(today, LocalTime.of(9, 5));
        WhistleblowingApiTest.as(now).get("/api/handler/cases").then().statusCode(200)
                .body("$", org.hamcrest.Matchers.hasSize(0));
        given().contentType(ContentType.JSON).body(Map.of("receipt", receipt)).post("/api/v1/reports/follow-up")
                .then().statusCode(404);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count from wb_deleted where channel_id = '" + channel + "'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
        // And a count per category, as the handler recorded it when concluding.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select category, count from wb_deleted_category where channel_id = '"
                        + channel + "'")) {
            assertTrue(rs.next());
            assertEquals("Racism", rs.getString(1));
            assertEquals(1, rs.getInt(2));
            assertFalse(rs.next());
        }
    }

    private void setContact(String username, String email, boolean daily) {
        notices.setContact(principal(username), email, daily);
    }

    private static org.candour.account.StaffPrincipal principal(String username) {
        org.candour.account.StaffAccount a = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> org.candour.account.StaffAccount.<org.candour.account.StaffAccount>find("username", username)
                        .firstResult());
        return org.candour.account.StaffPrincipal.of(a);
    }
}
