package org.candour.whistleblowing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

/**
 * A reporter files a report to a channel, gets a receipt of seven words, and follows it up; the
 * handler opens it only with their key passphrase, replies, writes internal notes the reporter never
 * sees, and moves the case; nothing of the report is in any table in plaintext; an overdue case can
 * be escalated to another channel, whose handler can then read it.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class WhistleblowingApiTest {

    static final String PASSWORD = "a perfectly long passphrase";
    static final String KEY_PASSPHRASE = "my handler key passphrase";
    static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DataSource dataSource;

    record Org(String slug, String id) {
    }

    static Org organisation() {
        String slug = Unique.name("wb");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Union " + slug))
                .post("/api/admin/organisations").then().statusCode(201);
        String id = Staff.admin().get("/api/admin/organisations/" + slug).then().extract().path("id");
        return new Org(slug, id);
    }

    static String account(Org o, String role) {
        String username = Unique.name("h");
        return Staff.admin().contentType(ContentType.JSON).body(Map.of("username", username, "displayName", "Handler "
                + username, "password", PASSWORD, "roles", List.of(role), "organisationId", o.id()))
                .post("/api/admin/accounts").then().statusCode(201).extract().path("username");
    }

    static String accountId(String username) {
        List<Map<String, Object>> all = Staff.admin().get("/api/admin/accounts").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return all.stream().filter(a -> username.equals(a.get("username"))).map(a -> (String) a.get("id")).findFirst()
                .orElseThrow();
    }

    static RequestSpecification as(String username) {
        return given().auth().preemptive().basic(username, PASSWORD);
    }

    static String channel(Org o, String name, List<String> handlers) {
        return Staff.admin().contentType(ContentType.JSON).body(Map.of("name", name, "description",
                "Read by the branch's caseworkers.", "categories", List.of("Bullying", "Racism", "Unsafe caseloads"),
                "handlers", handlers.stream().map(WhistleblowingApiTest::accountId).toList()))
                .post("/api/admin/organisations/" + o.slug() + "/channels").then().statusCode(201).extract().path("id");
    }

    /** An organisation with one channel, "Union casework", whose one handler has a key. */
    record Casework(Org org, String handler, String channelId) {
    }

    static Casework casework() {
        Org o = organisation();
        String handler = account(o, "HANDLER");
        String channelId = channel(o, "Union casework", List.of(handler));
        key(handler);
        return new Casework(o, handler, channelId);
    }

    static String key(String handler) {
        return as(handler).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE, "repeated",
                KEY_PASSPHRASE)).post("/api/handler/key").then().statusCode(201).extract().path("recoveryKey");
    }

    static Map<String, Object> filing(List<String> channels, String text) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Map<String, Object> body = new HashMap<>(Map.of("channels", channels, "category", "Bullying", "from", "2026-01",
                "to", "2026-03", "text", text));
        body.put("submissionId", Base64.getUrlEncoder().withoutPadding().encodeToString(id));
        return body;
    }

    @Test
    void aReportReachesItsHandlerSealedAndTheDialogueRunsOnTheReceipt() throws Exception {
        Org o = organisation();
        String h1 = account(o, "HANDLER");
        String casework = channel(o, "Union casework", List.of(h1));
        // No handler has a key yet: the channel cannot receive reports, so reporters are not offered it.
        given().get("/api/v1/reports/" + o.slug() + "/channels").then().statusCode(200).body("$", hasSize(0));
        String recovery = key(h1);
        assertTrue(recovery.matches("[0-9A-Z]{4}(-[0-9A-Z]{4})+"), recovery);
        given().get("/api/v1/reports/" + o.slug() + "/channels").then().statusCode(200).body("$", hasSize(1))
                .body("[0].name", is("Union casework"));

        String secret = "Team leader Alex Wren shouts at PSOs in the Tuesday meeting " + Unique.name("x");
        Map<String, Object> filing = filing(List.of(casework), secret);
        String receipt = given().contentType(ContentType.JSON).body(filing).post("/api/v1/reports/" + o.slug())
                .then().statusCode(201).extract().path("receipt");
        assertEquals(7, receipt.split(" ").length, receipt);
        // The same form again files nothing.
        given().contentType(ContentType.JSON).body(filing).post("/api/v1/reports/" + o.slug()).then().statusCode(409);
        // Bad input: each problem named, nothing filed.
        Map<String, Object> bad = filing(List.of(casework), "");
        bad.put("category", "Not a category");
        bad.put("from", "2026-13");
        given().contentType(ContentType.JSON).body(bad).post("/api/v1/reports/" + o.slug()).then().statusCode(400)
                .body("problems", hasSize(3));

        // Nothing of the report, or the receipt, is in any whistleblowing table in plaintext.
        assertNoPlaintext(secret);
        assertNoPlaintext(receipt);

        // The handler sees the case and its clocks; opens it only with their passphrase.
        JsonPath cases = as(h1).get("/api/handler/cases").then().statusCode(200).extract().jsonPath();
        assertEquals(1, cases.getList("$").size());
        String caseId = cases.getString("[0].id");
        assertEquals("new", cases.getString("[0].status"));
        assertNotNull(cases.getString("[0].acknowledgeBy"));
        as(h1).contentType(ContentType.JSON).body(Map.of("passphrase", "not my passphrase at all"))
                .post("/api/handler/cases/" + caseId + "/open").then().statusCode(403);
        as(h1).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE))
                .post("/api/handler/cases/" + caseId + "/open").then().statusCode(200)
                .body("body.text", is(secret)).body("body.category", is("Bullying"));
        // An admin is no handler: no case, no content.
        Staff.admin().get("/api/handler/cases").then().statusCode(403);

        // Dialogue: a reply the reporter reads, a note they never see.
        as(h1).contentType(ContentType.JSON).body(Map.of("text", "Thank you. We will look into it."))
                .post("/api/handler/cases/" + caseId + "/reply").then().statusCode(200).body("status", is("acknowledged"));
        as(h1).contentType(ContentType.JSON).body(Map.of("text", "Internal: check the rota first."))
                .post("/api/handler/cases/" + caseId + "/notes").then().statusCode(200);
        JsonPath view = given().contentType(ContentType.JSON).body(Map.of("receipt", receipt.toUpperCase().replace(' ', '-')))
                .post("/api/v1/reports/follow-up").then().statusCode(200).extract().jsonPath();
        assertEquals(secret, view.getString("body.text"));
        assertEquals(List.of("Thank you. We will look into it."), view.getList("messages.text"));
        given().contentType(ContentType.JSON).body(Map.of("receipt", receipt, "message", "It happened again today."))
                .post("/api/v1/reports/follow-up/reply").then().statusCode(200).body("messages", hasSize(2));
        as(h1).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE))
                .post("/api/handler/cases/" + caseId + "/open").then().statusCode(200)
                .body("messages.author", is(List.of("handler", "note", "reporter")));
        assertNoPlaintext("It happened again today.");
        assertNoPlaintext("Internal: check the rota first.");

        // A statement of disclosure, signed with the organisation's published key, naming nobody.
        JsonPath statement = given().contentType(ContentType.JSON).body(Map.of("receipt", receipt))
                .post("/api/v1/reports/follow-up/statement").then().statusCode(200).extract().jsonPath();
        String text = statement.getString("text");
        assertTrue(text.startsWith("Candour disclosure statement v1\nday: ") && text.contains("channels: Union casework\n")
                && text.matches("(?s).*fingerprint: [0-9a-f]{64}\n"), text);
        assertFalse(text.contains(secret) || text.contains(receipt));
        assertTrue(org.candour.publication.Minisign.verify(statement.getString("publicKeyFile"),
                text.getBytes(StandardCharsets.UTF_8), statement.getString("signature")));
        assertEquals(statement.getString("publicKeyFile"), given().get("/published/" + o.slug() + "/key.pub").then()
                .statusCode(200).extract().asString());

        // Wrong receipts: a clear 400 for words not in the list, 404 for an unknown receipt.
        given().contentType(ContentType.JSON).body(Map.of("receipt", "not a receipt"))
                .post("/api/v1/reports/follow-up").then().statusCode(400);
        String[] words = receipt.split(" ");
        String other = String.join(" ", List.of(words[1], words[0], words[2], words[3], words[4], words[5], words[6]));
        given().contentType(ContentType.JSON).body(Map.of("receipt", other)).post("/api/v1/reports/follow-up")
                .then().statusCode(404);

        // A handler added to the channel later gets the case once a handler of it opens it.
        String h3 = account(o, "HANDLER");
        key(h3);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("name", "Union casework", "categories",
                List.of("Bullying", "Racism", "Unsafe caseloads"), "handlers", List.of(accountId(h1), accountId(h3))))
                .put("/api/admin/organisations/" + o.slug() + "/channels/" + casework).then().statusCode(200);
        as(h3).get("/api/handler/cases").then().statusCode(200).body("$", hasSize(0));
        as(h1).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE))
                .post("/api/handler/cases/" + caseId + "/open").then().statusCode(200);
        as(h3).get("/api/handler/cases").then().statusCode(200).body("$", hasSize(1));
        // A forgotten passphrase: the recovery key opens the key again under a new one, once.
        String newPassphrase = "a brand new key passphrase";
        String newRecovery = as(h1).contentType(ContentType.JSON).body(Map.of("text", recovery, "passphrase",
                newPassphrase, "repeated", newPassphrase)).post("/api/handler/key/recover").then().statusCode(200)
                .extract().path("recoveryKey");
        org.junit.jupiter.api.Assertions.assertNotEquals(recovery, newRecovery);
        as(h1).contentType(ContentType.JSON).body(Map.of("text", recovery, "passphrase", newPassphrase, "repeated",
                newPassphrase)).post("/api/handler/key/recover").then().statusCode(403);
        as(h1).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE))
                .post("/api/handler/cases/" + caseId + "/open").then().statusCode(403);
        as(h1).contentType(ContentType.JSON).body(Map.of("passphrase", newPassphrase))
                .post("/api/handler/cases/" + caseId + "/open").then().statusCode(200).body("body.text", is(secret));

        // Concluded, with its category confirmed from the channel's list: kept for the channel's retention days.
        as(h1).contentType(ContentType.JSON).body(Map.of("status", "concluded"))
                .post("/api/handler/cases/" + caseId + "/status").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("category:"));
        as(h1).contentType(ContentType.JSON).body(Map.of("status", "concluded", "category", "Bullying"))
                .post("/api/handler/cases/" + caseId + "/status").then().statusCode(200).body("status", is("concluded"))
                .body("category", is("Bullying")).body("keepUntil", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void anOverdueCaseCanBeEscalatedToAnotherChannelWhoseHandlerThenReadsIt() throws Exception {
        Org o = organisation();
        String h1 = account(o, "HANDLER");
        String h2 = account(o, "HANDLER");
        String first = channel(o, "Speak-up guardian", List.of(h1));
        String second = channel(o, "External: inspectorate contact", List.of(h2));
        key(h1);
        key(h2);
        String receipt = given().contentType(ContentType.JSON).body(filing(List.of(first), "Caseloads are unsafe."))
                .post("/api/v1/reports/" + o.slug()).then().statusCode(201).extract().path("receipt");
        given().contentType(ContentType.JSON).body(Map.of("receipt", receipt, "channel", second))
                .post("/api/v1/reports/follow-up/escalate").then().statusCode(409);
        as(h2).get("/api/handler/cases").then().statusCode(200).body("$", hasSize(0));
        // Eight days on, nobody has acknowledged it.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update wb_report set received_on = received_on - 8 where organisation_id = '" + o.id() + "'");
        }
        JsonPath view = given().contentType(ContentType.JSON).body(Map.of("receipt", receipt))
                .post("/api/v1/reports/follow-up").then().statusCode(200).extract().jsonPath();
        assertTrue(view.getBoolean("meta.acknowledgementOverdue"));
        assertEquals(List.of(second), view.getList("escalateTo.id"));
        given().contentType(ContentType.JSON).body(Map.of("receipt", receipt, "channel", second))
                .post("/api/v1/reports/follow-up/escalate").then().statusCode(200)
                .body("meta.channelNames", hasSize(2));
        String caseId = as(h2).get("/api/handler/cases").then().statusCode(200).body("$", hasSize(1)).extract()
                .path("[0].id");
        as(h2).contentType(ContentType.JSON).body(Map.of("passphrase", KEY_PASSPHRASE))
                .post("/api/handler/cases/" + caseId + "/open").then().statusCode(200)
                .body("body.text", is("Caseloads are unsafe."));
    }

    /** No whistleblowing table holds {@code text} in its rows' text form. */
    private void assertNoPlaintext(String text) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String table : List.of("wb_report", "wb_message", "wb_report_key", "wb_report_channel", "wb_handler_key")) {
                try (ResultSet rs = st.executeQuery("select t::text, encode(convert_to(t::text, 'UTF8'), 'escape') from "
                        + table + " t")) {
                    while (rs.next()) {
                        assertFalse(rs.getString(1).contains(text), table + " holds it");
                    }
                }
                try (ResultSet rs = st.executeQuery("select string_agg(encode(body, 'escape'), '') from wb_report")) {
                    rs.next();
                    String raw = rs.getString(1);
                    assertFalse(raw != null && raw.contains(text), "a report body holds it");
                }
            }
            try (ResultSet rs = st.executeQuery("select string_agg(encode(sealed, 'escape'), '') from wb_message")) {
                rs.next();
                String raw = rs.getString(1);
                assertFalse(raw != null && raw.contains(new String(text.getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8)), "a message holds it");
            }
        }
    }
}
