package org.candour.custody;

import static io.restassured.RestAssured.given;
import static org.candour.support.Spends.spend;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.ResponseApiTest;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Fixtures.Pass;
import org.candour.support.Invitations;
import org.candour.support.OperatorView;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.candour.support.Trustees;
import org.candour.support.Trustees.Trustee;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
public class CustodyApiTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    UnlockService unlocks;

    /** The id of the survey's n-th free-text question, from its public definition. */
    public static String textQuestion(String surveyId, int n) {
        List<String> ids = given().get("/api/v1/surveys/" + surveyId).then().statusCode(200).extract()
                .path("questions.findAll { it.type == 'text' }.id");
        return ids.get(n);
    }

    /** Valid answers to the template's required questions plus the given comments. */
    public static List<Map<String, Object>> withComments(String surveyId, int hours, String... comments) {
        List<Map<String, Object>> answers = new ArrayList<>(ResponseApiTest.answers(hours));
        for (int i = 0; i < comments.length; i++) {
            answers.add(Map.of("questionId", textQuestion(surveyId, i), "value", comments[i]));
        }
        return answers;
    }

    @Test
    void aTrusteeRegistersAKeyAndOnlyItsPublicHalfIsKept() throws Exception {
        Trustee t = Trustees.create(Unique.name("keyholder"));
        t.request().contentType(ContentType.JSON).body(Map.of("passphrase", "too short"))
                .post("/api/admin/trustee/key").then().statusCode(422).body("error", containsString("at least 12"));
        Staff.admin().contentType(ContentType.JSON).body(Map.of("passphrase", Trustees.PASSPHRASE))
                .post("/api/admin/trustee/key").then().statusCode(403);
        String keyId = t.request().get("/api/admin/trustee/key").then().statusCode(200).extract().path("keyId");
        assertTrue(t.keyFile().contains("\"keyId\" : \"" + keyId + "\""), "the saved file is the registered key");
        assertTrue(t.keyFile().contains("candour-trustee-key/v1"));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select length(public_key) from trustee_key where key_id = ?")) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(32, rs.getInt(1));
            }
        }
    }

    @Test
    void custodyIsCheckedWhenSetAndWhenTheSurveyOpens() {
        String id = draft();
        List<Trustee> ts = Trustees.shared();
        Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("threshold", 1, "trustees", List.of(ts.get(0).username(), ts.get(1).username())))
                .put("/api/admin/surveys/" + id + "/custody").then().statusCode(422)
                .body("problems", hasItem(containsString("threshold: must be at least 2")));
        Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("threshold", 2, "trustees", List.of(ts.get(0).username(), "nobody-here", Staff.ADMIN)))
                .put("/api/admin/surveys/" + id + "/custody").then().statusCode(422)
                .body("problems", hasItem(containsString("no account \"nobody-here\"")))
                .body("problems", hasItem(containsString("\"admin\" does not have the TRUSTEE role")));
        // Free text needs trustees before opening.
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409)
                .body("problems[0]", containsString("name 3 trustees"));
        Trustee keyless = Trustees.createWithoutKey(Unique.name("keyless"));
        Staff.admin().contentType(ContentType.JSON)
                .body(Map.of("threshold", 2, "trustees", List.of(ts.get(0).username(), keyless.username())))
                .put("/api/admin/surveys/" + id + "/custody").then().statusCode(200)
                .body("threshold", equalTo(2)).body("shares", equalTo(2));
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409)
                .body("problems", hasItem(containsString(keyless.username() + " has not registered a custody key")));
        Trustees.assign(id);
        Trustees.approve(id);
        Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(200);
        Staff.admin().get("/api/admin/surveys/" + id + "/custody").then().statusCode(200)
                .body("resultsKeyId", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"))
                .body("trustees.shareIndex", hasItem(3));
        Trustees.assignRequest(id).then().statusCode(409).body("error", containsString("frozen"));
    }

    /** A draft from the probation template (three free-text questions) with ten invitations. */
    static String draft() {
        String id = Fixtures.draft("custody", "id,name,parent_id\nt,Team,\n");
        Invitations.generate(id, "t", 10);
        return id;
    }

    /**
     * Comments go in sealed, are nowhere in the database in the clear (not in any row, not in the
     * data files or the WAL), and come back only when two of the three trustees unlock.
     */
    @Test
    void commentsAreSealedAtIntakeAndOpenOnlyWithTwoOfThreeTrustees() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        String marker = "PLAINTEXT-MARKER-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            Pass pass = Fixtures.pass(s.id(), s.teamA().get(i));
            List<Map<String, Object>> answers = withComments(s.id(), i, marker + " one " + i, "Ünïcödé\u0007 two " + i,
                    "three " + i);
            String submission = Spends.submissionId();
            String receipt = spend(s.id(), pass, submission, answers).then().statusCode(201)
                    .body(not(containsString(marker))).extract().path("receipt");
            // A retry of the same submission is recognised and gets the same receipt; another submission is refused.
            spend(s.id(), pass, submission, answers).then().statusCode(201).body("receipt", equalTo(receipt));
            spend(s.id(), pass, withComments(s.id(), i, marker + " changed")).then().statusCode(409);
        }
        assertNoPlaintextAnywhere(marker);

        List<Trustee> ts = Trustees.shared();
        Trustees.present(ts.get(0), s.id(), Trustees.PASSPHRASE).then().statusCode(409)
                .body("error", containsString("once the survey has closed"));
        Fixtures.close(s.id());
        assertNoPlaintextAnywhere(marker);

        Trustees.present(ts.get(0), s.id(), "not the passphrase at all").then().statusCode(422)
                .body("error", containsString("passphrase does not open"));
        Trustee outsider = Trustees.create(Unique.name("outsider"));
        Trustees.present(outsider, s.id(), Trustees.PASSPHRASE).then().statusCode(403)
                .body("error", containsString("no share of this survey"));
        Trustees.present(ts.get(0), s.id(), Trustees.PASSPHRASE).then().statusCode(200)
                .body("presented", equalTo(1)).body("threshold", equalTo(2)).body("unlocked", equalTo(false));
        assertNull(unlocks.comments(UUID.fromString(s.id())), "t-1 shares unlock nothing");
        Trustees.present(ts.get(2), s.id(), Trustees.PASSPHRASE).then().statusCode(200)
                .body("unlocked", equalTo(true)).body("comments", equalTo(9));
        List<CommentVault.Comment> comments = unlocks.comments(UUID.fromString(s.id()));
        assertNotNull(comments);
        Set<String> texts = new HashSet<>(comments.stream().map(CommentVault.Comment::text).toList());
        for (int i = 0; i < 3; i++) {
            assertTrue(texts.contains(marker + " one " + i), texts.toString());
            assertTrue(texts.contains("Ünïcödé two " + i), "normalised, control character stripped: " + texts);
            assertTrue(texts.contains("three " + i));
        }
        Set<String> textIds = Set.of(textQuestion(s.id(), 0), textQuestion(s.id(), 1), textQuestion(s.id(), 2));
        assertTrue(comments.stream().allMatch(c -> textIds.contains(c.questionId())));
        Staff.admin().get("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(200)
                .body("unlocked", equalTo(true)).body(not(containsString(marker)));
        assertNoPlaintextAnywhere(marker);
        Staff.admin().delete("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(204);
        assertNull(unlocks.comments(UUID.fromString(s.id())));
    }

    /** A share copied in from another survey (say, by someone with database access) does not open. */
    @Test
    void aShareFromAnotherSurveyIsRefused() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        OpenSurvey other = Fixtures.openSurvey();
        Fixtures.close(s.id());
        Trustee t = Trustees.shared().get(1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update survey_trustee st set sealed_share = o.sealed_share from survey_trustee o"
                        + " where st.survey_id = ? and o.survey_id = ? and st.account_id = o.account_id")) {
            ps.setObject(1, UUID.fromString(s.id()));
            ps.setObject(2, UUID.fromString(other.id()));
            assertEquals(3, ps.executeUpdate());
        }
        Trustees.present(t, s.id(), Trustees.PASSPHRASE).then().statusCode(422)
                .body("error", containsString("sealed for another survey"));
        Trustees.present(t, other.id(), Trustees.PASSPHRASE).then().statusCode(409);
    }

    @Inject
    org.candour.crypto.HpkeBox hpke;

    @Inject
    ResultsKeys resultsKeys;

    /**
     * Responses stored before answers were sealed together (format v1: each answer in its own HPKE
     * context, no sequence number) still open beside v2 ones.
     */
    @Test
    void commentsSealedInTheFirstFormatStillOpen() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        UUID id = UUID.fromString(s.id());
        for (int i = 0; i < 2; i++) {
            spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(i)), withComments(s.id(), i, "new format " + i))
                    .then().statusCode(201);
        }
        ResultsKeys.Key key = resultsKeys.find(id);
        byte[] secret = CommentSealing.responseSecret(("an old pass, at least 32 bytes long: "
                + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String q0 = textQuestion(s.id(), 0);
        String q1 = textQuestion(s.id(), 1);
        String answers = "[{\"questionId\":\"" + q0 + "\",\"sealed\":\"" + org.candour.web.Base64Url.encode(
                CommentSealing.seal(hpke, key, id, q0, "old format one", secret)) + "\"},{\"questionId\":\"" + q1
                + "\",\"sealed\":\"" + org.candour.web.Base64Url.encode(
                        CommentSealing.seal(hpke, key, id, q1, "old format two", secret)) + "\"}]";
        Fixtures.close(s.id());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("alter table response disable trigger response_frozen");
            try {
                String keyId;
                try (ResultSet rs = st.executeQuery("select key_id from response where survey_id = '" + s.id() + "' limit 1")) {
                    rs.next();
                    keyId = rs.getString(1);
                }
                st.execute("insert into response (id, survey_id, key_id, answers, receipt) values ('" + UUID.randomUUID()
                        + "', '" + s.id() + "', '" + keyId + "', '" + answers + "'::jsonb, 'old-format-receipt')");
            } finally {
                st.execute("alter table response enable trigger response_frozen");
            }
        }
        Trustees.present(Trustees.shared().get(0), s.id(), Trustees.PASSPHRASE).then().statusCode(200);
        Trustees.present(Trustees.shared().get(1), s.id(), Trustees.PASSPHRASE).then().statusCode(200)
                .body("unlocked", equalTo(true)).body("comments", equalTo(4)).body("unreadable", equalTo(0));
        assertEquals(Set.of("new format 0", "new format 1", "old format one", "old format two"), new HashSet<>(
                unlocks.comments(id).stream().map(CommentVault.Comment::text).toList()));
        Staff.admin().delete("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(204);
    }

    /**
     * A sealed answer altered in the database, or moved to another question, does not open; the
     * unlock still reads every other comment and says how many did not open.
     */
    @Test
    void alteredSealedAnswersAreCountedAndSkippedNotFatal() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        for (int i = 0; i < 3; i++) {
            spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(i)), withComments(s.id(), i, "one " + i, "two " + i))
                    .then().statusCode(201);
        }
        Fixtures.close(s.id());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            // The close froze the responses: lift the guard as a database owner could, then alter two rows.
            st.execute("alter table response disable trigger response_frozen");
            try {
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("select id from response where survey_id = '" + s.id() + "' limit 2")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                // One: a character of the first sealed answer changed.
                st.execute("update response set answers = (select jsonb_agg(case when a ? 'sealed' and a ->> 'questionId' = '"
                        + textQuestion(s.id(), 0) + "' then jsonb_set(a, '{sealed}', to_jsonb(overlay(a ->> 'sealed' placing"
                        + " (case when substr(a ->> 'sealed', 60, 1) = 'A' then 'B' else 'A' end) from 60 for 1))) else a end)"
                        + " from jsonb_array_elements(answers) a) where id = '" + ids.get(0) + "'");
                // Two: the second comment's ciphertext moved to the first comment's question.
                st.execute("update response set answers = (select jsonb_agg(case when a ->> 'questionId' = '"
                        + textQuestion(s.id(), 1) + "' then jsonb_set(a, '{questionId}', to_jsonb('" + textQuestion(s.id(), 2)
                        + "'::text)) else a end) from jsonb_array_elements(answers) a) where id = '" + ids.get(1) + "'");
            } finally {
                st.execute("alter table response enable trigger response_frozen");
            }
        }
        Trustees.present(Trustees.shared().get(0), s.id(), Trustees.PASSPHRASE).then().statusCode(200);
        Trustees.present(Trustees.shared().get(1), s.id(), Trustees.PASSPHRASE).then().statusCode(200)
                .body("unlocked", equalTo(true)).body("comments", equalTo(4)).body("unreadable", equalTo(2));
        Set<String> texts = new HashSet<>(unlocks.comments(UUID.fromString(s.id())).stream()
                .map(CommentVault.Comment::text).toList());
        assertEquals(4, texts.size(), texts.toString());
        Staff.admin().delete("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(204);
    }

    @Test
    void aKeyFileThatIsNotOneIsRefusedClearly() {
        OpenSurvey s = Fixtures.openSurvey();
        Fixtures.close(s.id());
        Trustee t = Trustees.shared().get(0);
        t.request().contentType(ContentType.JSON).body(Map.of("keyFile", "not json", "passphrase", Trustees.PASSPHRASE))
                .post("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(422)
                .body("error", containsString("keyFile: is not JSON"));
        t.request().contentType(ContentType.JSON).body(Map.of("keyFile", Map.of("format", "x"), "passphrase", "p"))
                .post("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(422)
                .body("error", containsString("not a Candour trustee key file"));
        Trustee other = Trustees.shared().get(1);
        t.request().contentType(ContentType.JSON).body(Map.of("keyFile", other.keyFile(), "passphrase", Trustees.PASSPHRASE))
                .post("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(422)
                .body("error", containsString("sealed to key"));
    }

    private void assertNoPlaintextAnywhere(String marker) throws Exception {
        OperatorView.assertNowhere(dataSource, marker);
    }
}
