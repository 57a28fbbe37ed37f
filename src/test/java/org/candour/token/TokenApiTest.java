package org.candour.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.candour.crypto.BlindClient;
import org.candour.crypto.BlindSigner;
import org.candour.crypto.BouncyCastleBlindSigner;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Fixtures;
import org.candour.support.Invitations;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class TokenApiTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    @Inject
    DataSource dataSource;

    record OpenSurvey(String id, List<String> teamA, List<String> teamB) {
    }

    /** The shared open survey, after checking that team B alone (3 < k) would have blocked opening. */
    static OpenSurvey openSurvey() {
        String slug = Unique.name("blocked");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Org " + slug))
                .post("/api/admin/organisations").then().statusCode(201);
        Staff.admin().contentType("text/csv").body("id,name,parent_id\nr,Region,\na,Team A,r\nb,Team B,r\n")
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200);
        String blocked = Staff.admin().post("/api/admin/organisations/" + slug
                + "/surveys/from-template/probation-wellbeing").then().statusCode(201).extract().path("id");
        Invitations.generate(blocked, "a", 12);
        Invitations.generate(blocked, "b", 3);
        Staff.admin().post("/api/admin/surveys/" + blocked + "/open").then().statusCode(409)
                .body("error", containsString("group of at least k = 10"))
                .body("problems[0]", containsString("3 invitation(s) under 'Region'"));
        Fixtures.OpenSurvey s = Fixtures.openSurvey();
        return new OpenSurvey(s.id(), s.teamA(), s.teamB());
    }

    static String keyOf(String code) {
        return Fixtures.keyOf(code);
    }

    private static List<String> concat(List<String> x, List<String> y) {
        return java.util.stream.Stream.concat(x.stream(), y.stream()).toList();
    }

    static byte[] spkiOf(String surveyId, String keyId) {
        return Fixtures.spkiOf(surveyId, keyId);
    }

    static io.restassured.response.Response issue(String code, String keyId, byte[] blinded) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("invitationCode", code, "keyId", keyId, "blindedMessage", B64.encodeToString(blinded)))
                .post("/api/v1/tokens/issue");
    }

    @Test
    void theDirectoryHasOneKeyPerIssuingUnitNamedByItsHash() throws Exception {
        OpenSurvey s = openSurvey();
        given().get("/api/v1/surveys/" + s.id() + "/issuer-keys").then().statusCode(200)
                .body("surveyId", equalTo(s.id()))
                .body("algorithm", equalTo("RSABSSA-SHA384-PSS-Randomized"))
                .body("keys", hasSize(2))
                .body("keys.unitId", hasItem("a")).body("keys.unitId", hasItem("r"))
                .body("keys.unitName", hasItem("Team A"));
        String keyA = keyOf(s.teamA().get(0));
        byte[] spki = spkiOf(s.id(), keyA);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)), keyA);
        // Team B's invitations issue under the region's key, the same as the region's own.
        assertEquals(keyOf(s.teamB().get(0)), keyOf(s.teamB().get(5)));
        assertFalse(keyA.equals(keyOf(s.teamB().get(0))));
    }

    @Test
    void aRespondentGetsAPassThatVerifiesAndTheInvitationIsSpent() {
        OpenSurvey s = openSurvey();
        String code = s.teamA().get(0);
        given().contentType(ContentType.JSON).body(Map.of("invitationCode", code.toLowerCase().replace("-", " ")))
                .post("/api/v1/tokens/lookup").then().statusCode(200)
                .body("surveyId", equalTo(s.id())).body("used", equalTo(false));
        String keyId = keyOf(code);
        byte[] spki = spkiOf(s.id(), keyId);
        BlindClient client = BlindClient.forKey(spki);
        byte[] msg = ("candour:v1:" + s.id() + ":" + keyId + ":" + "ab".repeat(32)).getBytes(StandardCharsets.UTF_8);
        BlindClient.Blinded blinded = client.blind(msg);
        byte[] blindSig = B64D.decode(Fixtures.claimAlone(code, keyId, blinded.blindedMessage()));
        byte[] signature = client.finish(blinded, blindSig);
        assertTrue(new BouncyCastleBlindSigner().verify(spki, blinded.preparedMessage(), signature));
        given().contentType(ContentType.JSON).body(Map.of("invitationCode", code))
                .post("/api/v1/tokens/lookup").then().statusCode(200).body("used", equalTo(true));

        // A retry with the same blinded message gets the same blind signature; another message is refused.
        byte[] again = B64D.decode(issue(code, keyId, blinded.blindedMessage()).then().statusCode(200)
                .extract().<String>path("blindSignature"));
        assertArrayEquals(blindSig, again);
        issue(code, keyId, client.blind(msg).blindedMessage()).then().statusCode(409)
                .body("error", containsString("already been used"));
    }

    @Test
    void malformedIssueRequestsAre400WithAReason() {
        OpenSurvey s = openSurvey();
        String code = s.teamA().get(1);
        String keyId = keyOf(code);
        byte[] spki = spkiOf(s.id(), keyId);
        int size = new BouncyCastleBlindSigner().modulusBytes(spki);
        issue(code, keyId, new byte[size - 1]).then().statusCode(400)
                .body("error", equalTo("blindedMessage: must be exactly " + size + " bytes for this key, not " + (size - 1) + "."));
        byte[] tooBig = new byte[size];
        java.util.Arrays.fill(tooBig, (byte) 0xff);
        issue(code, keyId, tooBig).then().statusCode(400).body("error", containsString("not less than the modulus"));
        given().contentType(ContentType.JSON)
                .body(Map.of("invitationCode", code, "keyId", keyId, "blindedMessage", "not base64!"))
                .post("/api/v1/tokens/issue").then().statusCode(400).body("error", containsString("not base64url"));
        String otherKey = keyOf(s.teamB().get(0));
        issue(code, otherKey, new byte[size]).then().statusCode(400).body("error", containsString("keyId"));
        given().contentType(ContentType.JSON).body(Map.of("invitationCode", code, "keyId", "XYZ", "blindedMessage", "AA"))
                .post("/api/v1/tokens/issue").then().statusCode(400).body("error", containsString("keyId"));
        given().contentType(ContentType.JSON).body("{\"invitationCode\": ").post("/api/v1/tokens/issue")
                .then().statusCode(400).body("error", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body("{\"invitationCode\": 5, \"keyId\": [1]}").post("/api/v1/tokens/issue")
                .then().statusCode(400).body("error", containsString("field keyId has the wrong type"));
        for (Object minRound : List.of(0, -3, 1001)) {
            given().contentType(ContentType.JSON).body(Map.of("invitationCode", code, "keyId", keyId, "blindedMessage", B64.encodeToString(new byte[size]),
                            "minRound", minRound))
                    .post("/api/v1/tokens/issue").then().statusCode(400).body("error", containsString("minRound: "));
        }
        given().contentType(ContentType.JSON).body("{\"invitationCode\": \"x\", \"minRound\": \"ten\"}")
                .post("/api/v1/tokens/issue").then().statusCode(400).body("error", containsString("minRound"));
        given().contentType(ContentType.JSON).body("null").post("/api/v1/tokens/issue")
                .then().statusCode(400).body("error", containsString("Send {"));
        given().contentType(ContentType.JSON).post("/api/v1/tokens/issue")
                .then().statusCode(400).body("error", containsString("Send {"));
        given().contentType(ContentType.TEXT).body("invitationCode=" + code).post("/api/v1/tokens/issue")
                .then().statusCode(415).body("error", equalTo("That content type is not accepted here."));
        given().contentType(ContentType.JSON).body("{\"invitationCode\": \"" + "x".repeat(20_000) + "\"}")
                .post("/api/v1/tokens/issue").then().statusCode(413).body("status", equalTo(413));
        given().contentType(ContentType.JSON).header("Sec-Fetch-Site", "cross-site")
                .body(Map.of("invitationCode", code, "keyId", keyId, "blindedMessage", B64.encodeToString(new byte[size])))
                .post("/api/v1/tokens/issue").then().statusCode(403).body("error", containsString("other sites"));
        // None of these consumed the invitation.
        given().contentType(ContentType.JSON).body(Map.of("invitationCode", code))
                .post("/api/v1/tokens/lookup").then().statusCode(200).body("used", equalTo(false));
    }

    @Test
    void unknownCodesAre404AndClosedSurveys410() {
        given().contentType(ContentType.JSON).body(Map.of("invitationCode", InvitationCodes.generate()))
                .post("/api/v1/tokens/lookup").then().statusCode(404).body("error", containsString("No invitation"));
        given().contentType(ContentType.JSON).body(Map.of("invitationCode", "hello"))
                .post("/api/v1/tokens/lookup").then().statusCode(404).body("error", containsString("28 letters"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/tokens/lookup").then().statusCode(400)
                .body("error", equalTo("invitationCode: required."));

        OpenSurvey s = openSurvey();
        String code = s.teamA().get(2);
        String keyId = keyOf(code);
        // Issue once first, so the service holds the parsed key when the survey closes.
        BlindClient client = BlindClient.forKey(spkiOf(s.id(), keyId));
        byte[] waiting = client.blind("before close".getBytes(StandardCharsets.UTF_8)).blindedMessage();
        issue(s.teamA().get(3), keyId, waiting).then().statusCode(202).body("status", equalTo("waiting"));
        // Issuing: an unknown code (checked on the event loop when malformed, after the consuming update
        // when well formed) and a key id that names no key.
        issue("hello", keyId, new byte[256]).then().statusCode(404).body("error", containsString("28 letters"));
        issue(InvitationCodes.generate(), keyId, new byte[256]).then().statusCode(404)
                .body("error", containsString("No invitation"));
        issue(code, "0".repeat(64), new byte[256]).then().statusCode(400)
                .body("error", containsString("does not issue under that key"));
        Fixtures.close(s.id());
        given().contentType(ContentType.JSON).body(Map.of("invitationCode", code))
                .post("/api/v1/tokens/lookup").then().statusCode(410).body("error", equalTo("This survey has closed."));
        issue(code, keyId, new byte[256]).then().statusCode(410).body("error", equalTo("This survey has closed."));
        issue(code, keyId, client.blind("after close".getBytes(StandardCharsets.UTF_8)).blindedMessage())
                .then().statusCode(410).body("error", equalTo("This survey has closed."));
        // A claim still waiting for its round when the survey closed is never signed.
        issue(s.teamA().get(3), keyId, waiting).then().statusCode(410).body("error", equalTo("This survey has closed."));
        // The directory stays public after close, so passes can still be checked.
        given().get("/api/v1/surveys/" + s.id() + "/issuer-keys").then().statusCode(200).body("keys", hasSize(2));
    }

    @Test
    void closingDestroysThePrivateKeysAndNoCodeIsStoredInTheClear() throws Exception {
        OpenSurvey s = openSurvey();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select count(*) from issuer_key where survey_id = '" + s.id()
                    + "' and wrapped_private is not null")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
            }
            // No column of the invitation table holds a code, with or without its hyphens.
            try (ResultSet rs = st.executeQuery("select i::text from invitation i where survey_id = '" + s.id() + "'")) {
                while (rs.next()) {
                    String row = rs.getString(1).toUpperCase();
                    for (String code : s.teamA()) {
                        assertFalse(row.contains(code.replace("-", "")) || row.contains(code));
                        assertFalse(row.contains(HexFormat.of().formatHex(code.getBytes(StandardCharsets.UTF_8)).toUpperCase()));
                    }
                }
            }
            Fixtures.close(s.id());
            try (ResultSet rs = st.executeQuery("select count(*) from issuer_key where survey_id = '" + s.id()
                    + "' and wrapped_private is not null")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    @Test
    void theWrappedPrivateKeyIsNotAPlainKey() throws Exception {
        OpenSurvey s = openSurvey();
        String keyId = keyOf(s.teamA().get(0));
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select wrapped_private, spki from issuer_key where key_id = '" + keyId + "'")) {
            rs.next();
            byte[] wrapped = rs.getBytes(1);
            byte[] spki = rs.getBytes(2);
            // A PKCS#8 RSA key starts 30 82 .. .. 02 01 00; the stored bytes are ciphertext.
            assertFalse(wrapped[0] == 0x30 && wrapped[1] == (byte) 0x82);
            BigInteger n = new BigInteger(1, java.util.Arrays.copyOfRange(spki, spki.length - 261, spki.length - 5));
            assertFalse(new String(wrapped, StandardCharsets.ISO_8859_1).contains(
                    new String(n.toByteArray(), StandardCharsets.ISO_8859_1)));
        }
    }

    @Test
    void thePublicDefinitionHoldsWhatAClientNeedsAndNothingInternal() {
        OpenSurvey s = openSurvey();
        given().get("/api/v1/surveys/" + s.id()).then().statusCode(200)
                .body("surveyId", equalTo(s.id()))
                .body("k", equalTo(10))
                .body("questions.id", hasItem("workload-manageable"))
                .body("questions.find { it.type == 'likert5' }.labels", hasSize(5))
                .body("questions.find { it.type == 'number' }.min", org.hamcrest.Matchers.notNullValue())
                .body(not(containsString("hierarchy")))
                .body("organisationId", org.hamcrest.Matchers.nullValue())
                .body("questions.find { it.demographic }.id", org.hamcrest.Matchers.notNullValue());
        given().get("/api/v1/surveys/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aDraftSurveyIsNotPublic() {
        String slug = Unique.name("draft");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Draft org"))
                .post("/api/admin/organisations").then().statusCode(201);
        String id = Staff.admin().post("/api/admin/organisations/" + slug + "/surveys/from-template/probation-wellbeing")
                .then().statusCode(201).extract().path("id");
        given().get("/api/v1/surveys/" + id).then().statusCode(404);
        given().get("/api/v1/surveys/" + id + "/issuer-keys").then().statusCode(404);
    }

    @Test
    void codesMessagesAndSignaturesNeverReachTheLog() throws Exception {
        Path log = Path.of("target/candour-test.log");
        long offset = Files.exists(log) ? Files.size(log) : 0;
        OpenSurvey s = openSurvey();
        String code = s.teamA().get(3);
        String keyId = keyOf(code);
        BlindClient client = BlindClient.forKey(spkiOf(s.id(), keyId));
        BlindClient.Blinded blinded = client.blind("candour:v1:log-check".getBytes(StandardCharsets.UTF_8));
        String blindSig = Fixtures.claimAlone(code, keyId, blinded.blindedMessage());
        issue(code, keyId, client.blind("other".getBytes(StandardCharsets.UTF_8)).blindedMessage()).then().statusCode(409);
        Thread.sleep(200);
        String logged;
        try (var f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            byte[] b = new byte[(int) (f.length() - offset)];
            f.seek(offset);
            f.readFully(b);
            logged = new String(b, StandardCharsets.UTF_8);
        }
        assertTrue(logged.contains("POST /api/admin/surveys/{id}/invitations"), "the admin side is logged");
        for (String c : concat(s.teamA(), s.teamB())) {
            assertFalse(logged.contains(c) || logged.contains(c.replace("-", "")), "an invitation code was logged");
        }
        assertFalse(logged.contains(blindSig.substring(0, 40)), "a blind signature was logged");
        assertFalse(logged.contains(B64.encodeToString(blinded.blindedMessage()).substring(0, 40)), "a blinded message was logged");
        assertFalse(logged.contains("/api/v1/"), "a respondent path was logged");
    }

    @Test
    void fiftyConcurrentIssuesOfOneCodeSignExactlyOneBlindedMessage() throws Exception {
        OpenSurvey s = openSurvey();
        String code = s.teamA().get(5);
        String keyId = keyOf(code);
        BlindClient client = BlindClient.forKey(spkiOf(s.id(), keyId));
        List<byte[]> blinded = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            blinded.add(client.blind(("candour:v1:race:" + i).getBytes(StandardCharsets.UTF_8)).blindedMessage());
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        for (byte[] b : blinded) {
            results.add(pool.submit(() -> {
                start.await();
                return issue(code, keyId, b).statusCode();
            }));
        }
        start.countDown();
        int ok = 0;
        int conflict = 0;
        for (var r : results) {
            int status = r.get(60, java.util.concurrent.TimeUnit.SECONDS);
            ok += status == 202 ? 1 : 0;
            conflict += status == 409 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, ok, "exactly one blinded message claims the invitation");
        assertEquals(49, conflict, "every other one is refused as already used");
    }

    /**
     * Concurrent issues are consumed in grouped statements ({@link InvitationConsumer}); two rival
     * requests for one code often land in the same statement. For each of 24 codes, two requests with
     * different blinded messages race with all the others: every code claims exactly one of its two,
     * the rounds of at least k release them all (24 claims of one key, k = 10), asked again each is
     * signed to a pass that verifies, and the row records that one message.
     */
    @Test
    void manyCodesIssuedAtOnceEachSignExactlyOneOfTwoRivalMessages() throws Exception {
        Fixtures.OpenSurvey s = Fixtures.openSurvey(24);
        record Attempt(String code, String keyId, BlindClient client, BlindClient.Blinded blinded) {
        }
        List<Attempt> attempts = new java.util.ArrayList<>();
        for (String code : s.teamA()) {
            String keyId = keyOf(code);
            BlindClient client = BlindClient.forKey(spkiOf(s.id(), keyId));
            for (int i = 0; i < 2; i++) {
                byte[] msg = ("candour:v1:" + s.id() + ":" + keyId + ":" + code + i).getBytes(StandardCharsets.UTF_8);
                attempts.add(new Attempt(code, keyId, client, client.blind(msg)));
            }
        }
        java.util.Collections.shuffle(attempts);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<io.restassured.response.Response>> results = new java.util.ArrayList<>();
        for (Attempt a : attempts) {
            results.add(pool.submit(() -> {
                start.await();
                return issue(a.code(), a.keyId(), a.blinded().blindedMessage());
            }));
        }
        start.countDown();
        Map<String, Integer> signedPerCode = new java.util.HashMap<>();
        int conflicts = 0;
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            io.restassured.response.Response r = results.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
            if (r.statusCode() == 409) {
                conflicts++;
                continue;
            }
            assertEquals(202, r.statusCode(), r.asString());
            io.restassured.response.Response again = issue(a.code(), a.keyId(), a.blinded().blindedMessage());
            if (again.statusCode() == 202) {
                // The last claims may wait for a round that fewer than k are left to fill.
                assertTrue(again.<Integer>path("waiting") < 10, again.asString());
                again = given().contentType(ContentType.JSON)
                        .body(Fixtures.issueBody(a.code(), a.keyId(), a.blinded().blindedMessage(), 1))
                        .post("/api/v1/tokens/issue");
                // 202 when this request released the round; 200 when a claim still racing in released it first.
                if (again.statusCode() == 202) {
                    again = issue(a.code(), a.keyId(), a.blinded().blindedMessage());
                }
            }
            String blindSig = again.then().statusCode(200).extract().path("blindSignature");
            byte[] signature = a.client().finish(a.blinded(), B64D.decode(blindSig));
            assertTrue(new BouncyCastleBlindSigner().verify(spkiOf(s.id(), a.keyId()),
                    a.blinded().preparedMessage(), signature), "an issued pass verifies");
            signedPerCode.merge(a.code(), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(24, signedPerCode.size(), "every code signed one message");
        assertTrue(signedPerCode.values().stream().allMatch(n -> n == 1), "no code signed two");
        assertEquals(24, conflicts, "every rival was refused as already used");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) filter (where used), count(*) filter (where used and round_size is null) from invitation"
                        + " where survey_id = '" + s.id() + "' and unit_id in (select id from reporting_unit"
                        + " where external_id = 'a')")) {
            rs.next();
            assertEquals(24, rs.getInt(1), "each of team A's invitations is used once");
            assertEquals(0, rs.getInt(2), "every claim was released");
        }
    }

    @Test
    void concurrentRetriesOfTheSameRequestAllGetTheSameSignature() throws Exception {
        OpenSurvey s = openSurvey();
        String code = s.teamA().get(6);
        String keyId = keyOf(code);
        byte[] blinded = BlindClient.forKey(spkiOf(s.id(), keyId)).blind("retry".getBytes(StandardCharsets.UTF_8))
                .blindedMessage();
        Fixtures.claimAlone(code, keyId, blinded);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> issue(code, keyId, blinded).then().statusCode(200).extract()
                    .<String>path("blindSignature")));
        }
        java.util.Set<String> signatures = new java.util.HashSet<>();
        for (var r : results) {
            signatures.add(r.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, signatures.size());
    }

    @Test
    void keysAreRsa2048ByDefault() {
        OpenSurvey s = openSurvey();
        String keyId = keyOf(s.teamA().get(4));
        assertEquals(256, new BouncyCastleBlindSigner().modulusBytes(spkiOf(s.id(), keyId)));
        assertEquals("RSABSSA-SHA384-PSS-Randomized", BlindSigner.ALGORITHM);
    }
}
