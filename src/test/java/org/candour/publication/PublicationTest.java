package org.candour.publication;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.candour.account.Role;
import org.candour.account.StaffPrincipal;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.MixScheduler;
import org.candour.results.ReleaseLedger;
import org.candour.results.ReleasedFigures;
import org.candour.results.ResultsApiTest;
import org.candour.results.ResultsService;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher publishes a closed survey's results: figures only from the release ledger, a public page
 * without cookies, JSON and CSV that the real {@code minisign -V} verifies (and refuses when one byte
 * changes), a hash-chained signed log that detects an edited, removed or reordered entry, and
 * published rows and log entries that the database refuses to change.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class PublicationTest {

    private static final String PASSWORD = "a perfectly long passphrase";

    @Inject
    MixScheduler mixer;

    @Inject
    DataSource dataSource;

    @Inject
    ResultsService results;

    @Inject
    ReleaseLedger ledger;

    @Inject
    PublicationLog log;

    @TempDir
    Path dir;

    /** A closed survey with 12 responses in team A, its organisation's slug and id, and a publisher there. */
    record Closed(OpenSurvey survey, String slug, String orgId, String publisher) {
        RequestSpecification as() {
            return given().auth().preemptive().basic(publisher, PASSWORD);
        }
    }

    static Closed closed() {
        OpenSurvey s = Fixtures.openSurvey();
        for (int i = 0; i < 12; i++) {
            ResultsApiTest.spend(s, s.teamA().get(i), i < 6 ? 4 : 2, i);
        }
        String slug = Staff.admin().get("/api/admin/surveys/" + s.id()).then().statusCode(200).extract().path("organisation");
        String orgId = Staff.admin().get("/api/admin/organisations/" + slug).then().statusCode(200).extract().path("id");
        return new Closed(s, slug, orgId, account(orgId, "PUBLISHER"));
    }

    static String account(String orgId, String role) {
        String username = Unique.name("pub");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("username", username, "displayName", "Publisher " + username,
                "password", PASSWORD, "roles", List.of(role), "organisationId", orgId))
                .post("/api/admin/accounts").then().statusCode(201);
        return username;
    }

    void close(Closed c) {
        mixer.cycle();
        Fixtures.close(c.survey().id());
    }

    static String draft(Closed c) {
        return c.as().contentType(ContentType.JSON).body(Map.of("surveyId", c.survey().id()))
                .post("/api/publisher/publications").then().statusCode(201).extract().path("id");
    }

    static Map<String, Object> edit(String title, String commentary, List<String> questions, String supersedes) {
        Map<String, Object> body = new HashMap<>(Map.of("title", title, "summary", "What staff told us.",
                "commentary", commentary, "questions", questions));
        if (supersedes != null) {
            body.put("supersedes", supersedes);
        }
        return body;
    }

    @Test
    void aPublisherPublishesSignedResultsThatMinisignVerifiesAndTheLedgerHolds() throws Exception {
        Closed c = closed();
        // While the survey is open, nothing can be prepared.
        c.as().contentType(ContentType.JSON).body(Map.of("surveyId", c.survey().id()))
                .post("/api/publisher/publications").then().statusCode(409);
        // A change after opening: the closing day moved, with the admin's reason.
        String later = java.time.LocalDate.now().plusDays(35).toString();
        Staff.admin().contentType(ContentType.JSON).body(Map.of("closesOn", later, "reason",
                "Night shifts need more time to answer")).post("/api/admin/surveys/" + c.survey().id() + "/closing-day")
                .then().statusCode(200);
        close(c);
        String id = draft(c);
        List<String> all = c.as().get("/api/publisher/publications/" + id).then().statusCode(200).extract()
                .path("questions");
        assertTrue(all.size() >= 3, all.toString());
        List<String> chosen = all.subList(0, 3);
        // Bad input: a clear 400 naming each problem, nothing saved.
        c.as().contentType(ContentType.JSON).body(edit("", "x", List.of("no-such-question"), null))
                .put("/api/publisher/publications/" + id).then().statusCode(400)
                .body("problems.size()", org.hamcrest.Matchers.is(2));
        String hostile = "## Findings\n\n**Most** staff <script>alert(1)</script> said *this*.\n\n- one\n- two";
        c.as().contentType(ContentType.JSON).body(edit("Staff survey results", hostile, chosen, null))
                .put("/api/publisher/publications/" + id).then().statusCode(200);
        Response published = c.as().post("/api/publisher/publications/" + id + "/publish");
        published.then().statusCode(200).body("status", org.hamcrest.Matchers.is("published"))
                .body("number", org.hamcrest.Matchers.is(1));
        String address = published.path("address");
        assertEquals("/published/" + c.slug() + "/1", address);

        // The public page: no sign-in, no cookie, the methodology box, the commentary escaped.
        Response page = given().get(address);
        page.then().statusCode(200);
        assertTrue(page.getHeaders().getValues("Set-Cookie").isEmpty(), page.getHeaders().toString());
        String html = page.asString();
        assertTrue(html.contains("id=\"methodology\""), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped");
        assertFalse(html.contains("<script>"), "no script");
        assertTrue(html.contains("<h3>Findings</h3>") && html.contains("<strong>Most</strong>"), "markup");
        assertTrue(html.contains("<dd id=\"m-responses\">12</dd>"), "responses");
        assertTrue(html.contains("Night shifts need more time to answer") && html.contains("Closed early"), "changes");
        assertTrue(given().get("/published/" + c.slug()).asString().contains("Staff survey results"), "index");

        // The downloads verify with the real minisign, and not after a one-byte change.
        byte[] json = given().get(address + ".json").then().statusCode(200).extract().asByteArray();
        byte[] csv = given().get(address + ".csv").then().statusCode(200).extract().asByteArray();
        String pub = given().get("/published/" + c.slug() + "/key.pub").then().statusCode(200).extract().asString();
        Files.writeString(dir.resolve("key.pub"), pub);
        Files.write(dir.resolve("p.json"), json);
        Files.write(dir.resolve("p.json.minisig"), given().get(address + ".json.minisig").asByteArray());
        Files.write(dir.resolve("p.csv"), csv);
        Files.write(dir.resolve("p.csv.minisig"), given().get(address + ".csv.minisig").asByteArray());
        assertEquals(0, minisign("p.json"), "the JSON verifies");
        assertEquals(0, minisign("p.csv"), "the CSV verifies");
        byte[] changed = json.clone();
        changed[changed.length / 2] ^= 1;
        Files.write(dir.resolve("p.json"), changed);
        assertNotEquals(0, minisign("p.json"), "a one-byte change is refused");

        // The JSON is canonical (RFC 8785) and carries the receipt list's digest and address.
        assertEquals(new String(json, UTF_8), new String(CanonicalJson.canonicalize(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)), UTF_8));
        var receipts = PublicationJson.receipts(json);
        byte[] list = given().get(receipts.get("address").asText()).then().statusCode(200).extract().asByteArray();
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(list)),
                receipts.get("sha256").asText());
        assertEquals(12, receipts.get("count").asInt());
        var survey0 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("survey");
        assertEquals(2, survey0.get("changes_after_opening").size(), survey0.toString());
        assertTrue(survey0.get("changes_after_opening").get(0).asText().startsWith("Closing moved from "), survey0.toString());
        assertNotEquals(later, survey0.get("announced_closing_day").asText(), "the day announced at opening");
        assertEquals(12, new String(list, UTF_8).lines().count());

        // Every figure published is in the release ledger with the same value.
        StaffPrincipal admin = new StaffPrincipal(null, "t", "t", null, java.util.Set.of(Role.ADMIN));
        UUID survey = UUID.fromString(c.survey().id());
        Map<String, String> recorded = new HashMap<>();
        ledger.entries(survey).forEach(e -> recorded.put(e.place() + "|" + e.figure(), e.value()));
        PublicationDocument doc = PublicationJson.document(json);
        ResultsService.Results r = results.results(admin, survey);
        List<String> questionIds = new ArrayList<>();
        r.questions().stream().filter(q -> chosen.contains(q.questionId())).forEach(q -> {
            if (q.parts().isEmpty()) {
                questionIds.add(q.questionId());
            }
            q.parts().forEach(part -> questionIds.add(part.questionId()));
        });
        assertEquals(questionIds.size(), doc.questions().size());
        List<ReleasedFigures> released = ReleasedFigures.of(r);
        int checked = 0;
        for (int i = 0; i < questionIds.size(); i++) {
            String qid = questionIds.get(i);
            for (PublicationDocument.Row row : doc.questions().get(i).rows()) {
                Map<String, String> shown = new HashMap<>();
                shown.put(row.respondents() == null ? "Not shown (fewer than k)" : "Respondents",
                        row.respondents() == null ? "not shown" : row.respondents().toString());
                row.segments().forEach(x -> shown.put(x.label(), Integer.toString(x.count())));
                for (Map.Entry<String, String> figure : shown.entrySet()) {
                    ReleasedFigures f = released.stream().filter(x -> x.questionId().equals(qid) && x.breakdown().isEmpty()
                            && x.unitName().equals(row.unit()) && x.categoryLabel().equals(figure.getKey())).findFirst()
                            .orElseThrow(() -> new AssertionError(figure + " of " + row.unit() + " not released"));
                    assertEquals(figure.getValue(), f.shown(), figure.toString());
                    assertEquals(f.shown(), recorded.get("results|" + f.key()), "the ledger holds " + f.key());
                    checked++;
                }
            }
        }
        assertTrue(checked > 10, "figures checked: " + checked);
        assertTrue(recorded.containsKey("publication|" + PublicationService.PASSES_ISSUED), recorded.toString());

        // The published row and the log cannot change, even over JDBC.
        try (Connection db = dataSource.getConnection(); Statement st = db.createStatement()) {
            for (String sql : List.of("update publication set title = 'x' where id = '" + id + "'",
                    "delete from publication where id = '" + id + "'",
                    "update publication_log set hash = repeat('0', 64)", "delete from publication_log",
                    "truncate publication_log", "truncate publication cascade")) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertTrue(e.getMessage().contains("append-only") || e.getMessage().contains("never changed"),
                        e.getMessage());
            }
        }
    }

    @Test
    void theLogIsAHashChainThatDetectsEditsRemovalsAndReorderingAcrossAKeyRotation() throws Exception {
        Closed c = closed();
        close(c);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = draft(c);
            List<String> questions = c.as().get("/api/publisher/publications/" + id).then().extract().path("questions");
            c.as().contentType(ContentType.JSON).body(edit("Results " + i, "", questions.subList(0, 1),
                    i == 1 ? ids.get(0) : null)).put("/api/publisher/publications/" + id).then().statusCode(200);
            c.as().post("/api/publisher/publications/" + id + "/publish").then().statusCode(200);
            ids.add(id);
            if (i == 0) {
                // The first key signs the rotation; the second publication is signed by the new key.
                String firstKey = given().get("/published/" + c.slug() + "/key.pub").asString();
                Files.writeString(dir.resolve("first.pub"), firstKey);
                Staff.admin().post("/api/publisher/organisations/" + c.slug() + "/key/rotate").then().statusCode(200);
                c.as().post("/api/publisher/organisations/" + c.slug() + "/key/rotate").then().statusCode(403);
            }
        }
        String firstKey = Files.readString(dir.resolve("first.pub"));
        assertNotEquals(firstKey, given().get("/published/" + c.slug() + "/key.pub").asString());
        // The first publication is marked superseded by the second, and stays.
        assertTrue(given().get("/published/" + c.slug() + "/1").asString().contains("id=\"superseded\""));

        List<PublicationLog.Entry> entries = entries(c);
        assertEquals(3, entries.size(), "publication, key rotated, publication");
        assertEquals(List.of(), PublicationLog.verify(entries, firstKey));
        assertFalse(PublicationLog.verify(entries, given().get("/published/" + c.slug() + "/key.pub").asString())
                .isEmpty(), "the first entry is not signed by the new key");
        // Edited: one byte of the middle entry.
        List<PublicationLog.Entry> edited = new ArrayList<>(entries);
        PublicationLog.Entry m = entries.get(1);
        byte[] bytes = m.entry().clone();
        bytes[bytes.length - 3] ^= 1;
        edited.set(1, new PublicationLog.Entry(m.seq(), bytes, m.hash(), m.signature()));
        assertFalse(PublicationLog.verify(edited, firstKey).isEmpty(), "edit detected");
        // Removed.
        List<PublicationLog.Entry> removed = new ArrayList<>(entries);
        removed.remove(1);
        assertFalse(PublicationLog.verify(removed, firstKey).isEmpty(), "removal detected");
        // Reordered.
        List<PublicationLog.Entry> reordered = new ArrayList<>(List.of(entries.get(0), entries.get(2), entries.get(1)));
        assertFalse(PublicationLog.verify(reordered, firstKey).isEmpty(), "reordering detected");

        // The public log download holds the same entries, each line's signature checked by minisign.
        String lines = given().get("/published/" + c.slug() + "/log.jsonl").then().statusCode(200).extract().asString();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> rows = lines.lines().toList();
        assertEquals(3, rows.size());
        var first = mapper.readTree(rows.get(0));
        Files.write(dir.resolve("entry.json"), CanonicalJson.canonicalize(first.get("entry")));
        Files.writeString(dir.resolve("entry.json.minisig"), first.get("signature").asText());
        Files.writeString(dir.resolve("key.pub"), firstKey);
        assertEquals(0, minisign("entry.json"), "a log entry verifies with minisign");
    }

    @Test
    void aSecondApprovalMustComeFromAnotherPerson() {
        Closed c = closed();
        close(c);
        Staff.admin().contentType(ContentType.JSON).body(Map.of("secondApproval", true))
                .put("/api/publisher/organisations/" + c.slug() + "/settings").then().statusCode(200);
        String id = draft(c);
        List<String> questions = c.as().get("/api/publisher/publications/" + id).then().extract().path("questions");
        c.as().contentType(ContentType.JSON).body(edit("Needs two", "", questions, null))
                .put("/api/publisher/publications/" + id).then().statusCode(200);
        c.as().post("/api/publisher/publications/" + id + "/publish").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("awaiting approval"));
        given().get("/published/" + c.slug() + "/1").then().statusCode(404);
        c.as().post("/api/publisher/publications/" + id + "/approve").then().statusCode(409);
        String second = account(c.orgId(), "PUBLISHER");
        given().auth().preemptive().basic(second, PASSWORD).post("/api/publisher/publications/" + id + "/approve")
                .then().statusCode(200).body("status", org.hamcrest.Matchers.is("published"));
        given().get("/published/" + c.slug() + "/1").then().statusCode(200);
        // Published: no more edits or deletion.
        c.as().contentType(ContentType.JSON).body(edit("Changed", "", questions, null))
                .put("/api/publisher/publications/" + id).then().statusCode(409);
        c.as().delete("/api/publisher/publications/" + id).then().statusCode(409);
        // Another organisation's publisher sees nothing of it.
        Closed other = closed();
        other.as().get("/api/publisher/publications/" + id).then().statusCode(404);
    }

    private List<PublicationLog.Entry> entries(Closed c) {
        return log.entries(UUID.fromString(c.orgId()));
    }

    private int minisign(String file) throws Exception {
        Process p = new ProcessBuilder(MinisignTest.tool("minisign"), "-V", "-p", "key.pub", "-m", file).directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("minisign did not finish");
        }
        return p.exitValue();
    }
}
