package org.candour.response;

import static io.restassured.RestAssured.given;
import static org.candour.support.Spends.spend;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.candour.crypto.KeyedHash;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Fixtures.Pass;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.candour.survey.SurveyDefinition;
import org.candour.survey.SurveyDefinitionParser;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
public class ResponseApiTest {

    @Inject
    DataSource dataSource;

    @Inject
    MixScheduler mixer;

    @Inject
    IntakeMeter meter;

    /** Valid answers to every required question of the template, varying with {@code hours}. */
    public static List<Map<String, Object>> answers(int hours) {
        return answers(2, hours);
    }

    public static List<Map<String, Object>> answers(int likert, int hours) {
        return List.of(Map.of("questionId", "workload-manageable", "value", likert),
                Map.of("questionId", "caseload", "value", 45),
                Map.of("questionId", "unpaid-hours", "value", hours),
                Map.of("questionId", "time-for-quality", "value", 3),
                Map.of("questionId", "trust-senior-leaders", "value", 2),
                Map.of("questionId", "safe-to-speak-up", "value", 1),
                Map.of("questionId", "plans", "value", PLANS_OPTION));
    }

    /** The first option of the template's "plans" question, read from the template itself. */
    static final String PLANS_OPTION = firstOption("plans");

    private static String firstOption(String questionId) {
        try (var in = ResponseApiTest.class.getResourceAsStream("/survey-templates/probation-wellbeing.json")) {
            var d = org.candour.survey.SurveyDefinitionParser.parse(in.readAllBytes());
            return d.question(questionId).orElseThrow().options().get(0).id();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPassIsSpentOnceAndARetryGetsTheSameReceipt() {
        OpenSurvey s = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(0));
        String submission = Spends.submissionId();
        String receipt = spend(s.id(), pass, submission, answers(5)).then().statusCode(201).extract().path("receipt");
        assertTrue(receipt.matches("[A-Za-z0-9_-]{43}"), receipt);
        spend(s.id(), pass, submission, answers(5)).then().statusCode(201).body("receipt", equalTo(receipt));
        spend(s.id(), pass, answers(6)).then().statusCode(409).body("error", containsString("already been used"));
    }

    /**
     * A used pass tells whoever holds it nothing about the answers stored with it: without the first
     * submission's id every resend is the same 409 (same answers or not); with it, any answers get the first
     * receipt back and the first answers stay stored.
     */
    @Test
    void aResendIsARetryOnlyWithItsSubmissionIdAndLearnsNothingOfTheAnswers() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(8));
        String submission = Spends.submissionId();
        String receipt = spend(s.id(), pass, submission, answers(4, 7)).then().statusCode(201).extract().path("receipt");
        String stored = text("select answers::text from response_holding where receipt = ?", receipt);

        String sameAnswers = spend(s.id(), pass, answers(4, 7)).then().statusCode(409).extract().asString();
        String otherAnswers = spend(s.id(), pass, answers(1, 30)).then().statusCode(409).extract().asString();
        assertEquals(sameAnswers, otherAnswers, "the same 409 whatever the answers");
        assertTrue(sameAnswers.contains("already been used"), sameAnswers);

        spend(s.id(), pass, submission, answers(1, 30)).then().statusCode(201).body("receipt", equalTo(receipt));
        assertEquals(stored, text("select answers::text from response_holding where receipt = ?", receipt),
                "the first answers stay stored");
        assertEquals(1, count("select count(*) from response_holding where survey_id = ?", s.id()));
    }

    /** The submission id is required: 32 bytes in base64url, or a 400 naming the field, and nothing is spent. */
    @Test
    void aMissingOrMalformedSubmissionIdIs400() {
        OpenSurvey s = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(9));
        given().contentType(ContentType.JSON).body(Map.of("token", pass.json(), "answers", answers(3)))
                .post("/api/v1/surveys/" + s.id() + "/responses").then().statusCode(400)
                .body("error", equalTo("submissionId: required (base64url)."));
        spend(s.id(), pass, "not base64url!", answers(3)).then().statusCode(400)
                .body("error", containsString("submissionId: not base64url"));
        spend(s.id(), pass, Spends.submissionId().substring(0, 22), answers(3)).then().statusCode(400)
                .body("error", equalTo("submissionId: must be 32 random bytes (43 base64url characters), not 16 bytes."));
        spend(s.id(), pass, answers(3)).then().statusCode(201);
    }

    /**
     * The attack on v1 receipts, replayed: with the published receipt list and the spent-token table, try the
     * v1 formula, and other functions of a spent token and answers, over a dictionary of closed-question answers
     * that includes the true ones. Nothing matches: a receipt is made from the submission id, which the server
     * never stored.
     */
    @Test
    void receiptsCannotBeRecomputedFromAnswersAndSpentTokens() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        List<String> submissions = new ArrayList<>();
        List<Pass> passes = new ArrayList<>();
        List<String> receipts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            passes.add(Fixtures.pass(s.id(), s.teamA().get(i)));
            submissions.add(Spends.submissionId());
            receipts.add(spend(s.id(), passes.get(i), submissions.get(i), answers(2, 5)).then().statusCode(201)
                    .extract().path("receipt"));
        }
        assertEquals(3, new HashSet<>(receipts).size(), "identical answers, different receipts");
        Fixtures.close(s.id());
        Set<String> published = new HashSet<>(given().get("/api/v1/surveys/" + s.id() + "/receipts").then()
                .statusCode(200).extract().<List<String>>path("receipts"));
        assertEquals(new HashSet<>(receipts), published);

        SurveyDefinition definition;
        try (var in = ResponseApiTest.class.getResourceAsStream("/survey-templates/probation-wellbeing.json")) {
            definition = SurveyDefinitionParser.parse(in.readAllBytes());
        }
        List<byte[]> tokens = new ArrayList<>();
        for (String hex : column("select encode(token_hash, 'hex') from spent_token where survey_id = ?", s.id())) {
            tokens.add(HexFormat.of().parseHex(hex));
        }
        assertEquals(3, tokens.size());
        byte[] v1 = "candour-receipt:v1".getBytes(StandardCharsets.US_ASCII);
        byte[] v2 = "candour-receipt:v2".getBytes(StandardCharsets.US_ASCII);
        int guesses = 0;
        for (int likert = 1; likert <= 5; likert++) {
            for (int hours = 0; hours <= 10; hours++) {
                byte[] answers = SpendService.canonical(AnswerValidator.validate(definition,
                        new ObjectMapper().valueToTree(answers(likert, hours))), null);
                for (byte[] token : tokens) {
                    for (byte[][] input : List.of(new byte[][] {v1, token, answers}, new byte[][] {v2, token, answers},
                            new byte[][] {token, answers}, new byte[][] {answers, token}, new byte[][] {v2, token},
                            new byte[][] {token}, new byte[][] {answers})) {
                        guesses++;
                        assertFalse(published.contains(sha256(input)), "a receipt recomputed without its submission id");
                    }
                }
            }
        }
        assertTrue(guesses > 1000, "guesses: " + guesses);
        // What a receipt is made of: the submission id the client chose, and the spent token.
        for (int i = 0; i < 3; i++) {
            byte[] tokenHash = KeyedHash.sha256(Base64.getUrlDecoder().decode(passes.get(i).message()));
            assertEquals(receipts.get(i), sha256(new byte[][] {v2, Base64.getUrlDecoder().decode(submissions.get(i)),
                    tokenHash}));
        }
    }

    private static String sha256(byte[][] parts) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            d.update(p);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(d.digest());
    }

    /** A response with three typical comments (about 5 KB sealed) stays inline in its page, not in TOAST. */
    @Test
    void aResponseWithCommentsIsStoredInline() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(2));
        List<Map<String, Object>> answers = org.candour.custody.CustodyApiTest.withComments(s.id(), 3, "a".repeat(200),
                "b".repeat(600), "c".repeat(2000));
        String receipt = spend(s.id(), pass, answers).then().statusCode(201).extract().path("receipt");
        try (var c = dataSource.getConnection(); var st = c.prepareStatement("select pg_column_size(answers),"
                + " pg_column_toast_chunk_id(answers) from response_holding where receipt = ?")) {
            st.setString(1, receipt);
            try (var rs = st.executeQuery()) {
                assertTrue(rs.next(), "held");
                assertTrue(rs.getInt(1) > 4000, "three sealed comments: " + rs.getInt(1) + " bytes");
                assertEquals(null, rs.getObject(2), "stored inline, not moved to the TOAST table");
            }
        }
        // The intake tables name their survey without a foreign key (V7): the application keeps the
        // reference, so no row anywhere in this database names a survey that does not exist.
        try (var c = dataSource.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(
                "select (select count(*) from spent_token t where not exists (select 1 from survey s where s.id = t.survey_id))"
                        + " + (select count(*) from response_holding h where not exists (select 1 from survey s where s.id = h.survey_id))"
                        + " + (select count(*) from response r where not exists (select 1 from survey s where s.id = r.survey_id))"
                        + ", (select count(*) from spent_token)")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "rows naming a survey that does not exist");
            assertTrue(rs.getLong(2) > 0);
        }
    }

    @Test
    void aPassForAnotherSurveyOrWithABadSignatureIsRefused() {
        OpenSurvey s = Fixtures.openSurvey();
        OpenSurvey other = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(1));
        spend(other.id(), pass, answers(1)).then().statusCode(403).body("error", containsString("not for this survey"));
        byte[] sig = Base64.getUrlDecoder().decode(pass.signature());
        sig[10] ^= 1;
        Pass forged = new Pass(pass.keyId(), pass.message(), Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
        spend(s.id(), forged, answers(1)).then().statusCode(403).body("error", containsString("does not verify"));
        // A real signature under the team-A key, claimed for the region's key: the message names another key.
        Pass regionPass = Fixtures.pass(s.id(), s.teamB().get(0));
        spend(s.id(), new Pass(regionPass.keyId(), pass.message(), pass.signature()), answers(1)).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("token", Map.of("keyId", pass.keyId(), "message", "!!",
                "signature", pass.signature()), "answers", List.of()))
                .post("/api/v1/surveys/" + s.id() + "/responses").then().statusCode(400)
                .body("error", containsString("token.message"));
        given().contentType(ContentType.JSON).body(Map.of("answers", List.of()))
                .post("/api/v1/surveys/" + s.id() + "/responses").then().statusCode(400)
                .body("error", containsString("token: required"));
        // None of that spent the pass.
        spend(s.id(), pass, answers(1)).then().statusCode(201);
    }

    @Test
    void invalidAnswersAre422PerQuestionAndLeaveThePassUnspent() {
        OpenSurvey s = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(2));
        spend(s.id(), pass, List.of(Map.of("questionId", "workload-manageable", "value", 9),
                Map.of("questionId", "unpaid-hours", "value", 500),
                Map.of("questionId", "no-such-question", "value", 1)))
                .then().statusCode(422)
                .body("problems", hasItem(containsString("workload-manageable:")))
                .body("problems", hasItem(containsString("unpaid-hours:")))
                .body("problems", hasItem(containsString("no-such-question")));
        spend(s.id(), pass, answers(3)).then().statusCode(201);
    }

    /** A response is committed to the holding table before the 201; nothing goes straight to the results. */
    @Test
    void anAcceptedResponseWaitsInTheHoldingTable() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(3));
        String receipt = spend(s.id(), pass, answers(2)).then().statusCode(201).extract().path("receipt");
        assertEquals(List.of(receipt), column("select receipt from response_holding where survey_id = ?", s.id()));
        assertEquals(0, count("select count(*) from response where survey_id = ?", s.id()));
        assertEquals(1, count("select count(*) from spent_token where survey_id = ? and held", s.id()));
    }

    @Test
    void aClosedSurveyTakesNoMoreResponses() {
        OpenSurvey s = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(4));
        Fixtures.close(s.id());
        spend(s.id(), pass, answers(1)).then().statusCode(410).body("error", equalTo("This survey has closed."));
    }

    @Test
    void fiftyConcurrentSpendsOfOnePassGiveExactlyOne201() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(5));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int hours = i % 40;
            int likert = 1 + i / 40;
            results.add(pool.submit(() -> {
                start.await();
                return spend(s.id(), pass, answers(likert, hours)).statusCode();
            }));
        }
        start.countDown();
        int created = 0;
        int conflicts = 0;
        for (Future<Integer> r : results) {
            int status = r.get(60, TimeUnit.SECONDS);
            created += status == 201 ? 1 : 0;
            conflicts += status == 409 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, created);
        assertEquals(49, conflicts);
        assertEquals(1, count("select count(*) from response_holding where survey_id = ?", s.id()));
        assertEquals(1, count("select count(*) from spent_token where survey_id = ?", s.id()));
    }

    /**
     * A backlog larger than two batches (25 held, batch size 10 in tests) moves in several
     * transactions: 10 then the last 15, each a random choice by id, with the spent tokens and used
     * invitations alongside; every row moves once and none is left held.
     */
    @Test
    void aLargeBacklogMovesInBatchesOfAtLeastTheBatchSize() throws Exception {
        OpenSurvey s = Fixtures.openSurvey(30);
        Set<String> arrival = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            arrival.add(spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(i)), answers(i)).then().statusCode(201)
                    .extract().path("receipt"));
        }
        assertEquals(2, mixer.cycle(), "two batches");
        assertEquals(0, count("select count(*) from response_holding where survey_id = ?", s.id()));
        assertEquals(arrival, new HashSet<>(column("select receipt from response where survey_id = ?", s.id())));
        for (String table : List.of("response", "spent_token", "invitation")) {
            List<String> sizes = column("select count(*)::text from " + table + " where survey_id = ? and xmin::text in"
                    + " (select xmin::text from response where survey_id = '" + s.id() + "') group by xmin::text"
                    + " order by 1::int", s.id());
            assertEquals(List.of("10", "15"), sizes.stream().sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList(), table + ": rows per batch");
        }
        assertEquals(0, count("select count(*) from spent_token where survey_id = ? and held", s.id()));
        assertEquals(0, count("select count(*) from invitation where survey_id = ? and used and not mixed", s.id()));
        assertEquals(0, mixer.cycle());
    }

    /**
     * The background mixer yields to respondents: while requests arrive at 100 a second or more a due
     * survey's held responses stay held (durably), once the burst has passed the next look moves them,
     * and a survey that has waited {@code max-defer} (2 s in tests) is moved however busy it is.
     */
    @Test
    void theBackgroundMixerWaitsForABurstToPassButNotForLonger() throws Exception {
        OpenSurvey s = Fixtures.openSurvey(30);
        for (int i = 0; i < 12; i++) {
            spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(i)), answers(i)).then().statusCode(201);
        }
        burst();
        mixer.cycle(true);
        assertEquals(12, count("select count(*) from response_holding where survey_id = ?", s.id()),
                "12 held >= k, but respondents are busy: they stay held");
        mixer.cycle(true);
        assertEquals(0, count("select count(*) from response_holding where survey_id = ?", s.id()),
                "no request since the last look: the burst has passed and the batch moves");

        for (int i = 12; i < 24; i++) {
            spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(i)), answers(i)).then().statusCode(201);
        }
        burst();
        mixer.cycle(true);
        assertEquals(12, count("select count(*) from response_holding where survey_id = ?", s.id()));
        Thread.sleep(2_100);
        burst();
        mixer.cycle(true);
        assertEquals(0, count("select count(*) from response_holding where survey_id = ?", s.id()),
                "waited max-defer: moved although respondents are still busy");
        assertEquals(24, count("select count(*) from response where survey_id = ?", s.id()));
    }

    /** A million requests: at least 100 a second over any look-back shorter than 10,000 s. */
    private void burst() {
        for (int i = 0; i < 1_000_000; i++) {
            meter.request();
        }
    }

    /**
     * Thirty people issue and spend in turn, with a mix batch after the first fifteen. After the
     * batch, and again after close, nothing in the order or system columns of the holding,
     * response, spent-token and invitation rows lines up with the order in which people took part.
     */
    @Test
    void afterTheMixRowOrderAndXminSayNothingAboutWhoTookPartWhen() throws Exception {
        OpenSurvey s = Fixtures.openSurvey(30);
        List<String> arrival = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Pass pass = Fixtures.pass(s.id(), s.teamA().get(i));
            arrival.add(spend(s.id(), pass, answers(i)).then().statusCode(201).extract().path("receipt"));
        }
        assertEquals(15, count("select count(*) from response_holding where survey_id = ?", s.id()));

        // 15 held >= k = 10: the next mixer cycle moves them in one random-order batch.
        mixer.cycle();
        assertEquals(0, count("select count(*) from response_holding where survey_id = ?", s.id()));
        List<String> batch = column("select receipt from response where survey_id = ? order by ctid", s.id());
        assertEquals(new HashSet<>(arrival), new HashSet<>(batch), "every held response moved, once");
        assertEquals(15, batch.size());
        assertNotEquals(arrival, batch, "physical order follows arrival");
        for (String sql : List.of("select xmin::text from response where survey_id = ?",
                "select xmin::text from spent_token where survey_id = ?",
                "select xmin::text from invitation where survey_id = ? and used")) {
            assertEquals(1, new HashSet<>(column(sql, s.id())).size(), "one batch, one xmin: " + sql);
        }
        assertEquals(0, count("select count(*) from spent_token where survey_id = ? and held", s.id()));
        assertEquals(0, count("select count(*) from invitation where survey_id = ? and used and not mixed", s.id()));
        // A batch with nothing due does nothing.
        assertEquals(0, mixer.cycle());

        for (int i = 15; i < 30; i++) {
            Pass pass = Fixtures.pass(s.id(), s.teamA().get(i));
            arrival.add(spend(s.id(), pass, answers(i)).then().statusCode(201).extract().path("receipt"));
        }
        Fixtures.close(s.id());

        assertEquals(0, count("select count(*) from response_holding where survey_id = ?", s.id()),
                "closing flushes the holding table");
        List<String> stored = column("select receipt from response where survey_id = ? order by ctid", s.id());
        assertEquals(new HashSet<>(arrival), new HashSet<>(stored), "every response is still there, once");
        assertEquals(arrival.size(), stored.size());
        assertNotEquals(arrival, stored, "physical order follows arrival");
        List<String> reversed = new ArrayList<>(arrival);
        java.util.Collections.reverse(reversed);
        assertNotEquals(reversed, stored);
        for (String table : List.of("response", "spent_token", "invitation")) {
            Set<String> xmins = new HashSet<>(column("select xmin::text from " + table + " where survey_id = ?", s.id()));
            assertEquals(1, xmins.size(), table + " rows carry different xmin values: " + xmins);
        }
        Set<String> responseXmin = new HashSet<>(column("select xmin::text from response where survey_id = ?", s.id()));
        Set<String> invitationXmin = new HashSet<>(column("select xmin::text from invitation where survey_id = ?", s.id()));
        assertEquals(responseXmin, invitationXmin, "all rewritten in the one closing transaction");
    }

    /**
     * A spend takes the survey's gate (SurveyGate) before it reads the status: while another
     * transaction holds the gate exclusively, as a closing one does, the spend waits; once that
     * transaction ends the spend goes on, reads the status afresh and is accepted.
     */
    @Test
    void aSpendWaitsAtTheGateWhileAClosingTransactionHoldsIt() throws Exception {
        OpenSurvey s = Fixtures.openSurvey(12);
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(0));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(
                    org.candour.survey.SurveyGate.CLOSE.replace("?1", "?"))) {
                st.setObject(1, UUID.fromString(s.id()));
                st.executeQuery().close();
            }
            Future<Integer> spent = pool.submit(() -> spend(s.id(), pass, answers(3)).statusCode());
            Thread.sleep(1_000);
            assertFalse(spent.isDone(), "the spend waits at the gate");
            c.rollback();
            assertEquals(201, spent.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdown();
        }
        assertEquals(1, count("select count(*) from response_holding where survey_id = ?", s.id()));
    }

    /** Spends racing a close are each either counted (201, in the results) or refused (410): none is left behind. */
    @Test
    void spendsRacingTheCloseAreEitherCountedOrRefused() throws Exception {
        OpenSurvey s = Fixtures.openSurvey(24);
        List<Pass> passes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            passes.add(Fixtures.pass(s.id(), s.teamA().get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            Pass p = passes.get(i);
            int hours = i;
            results.add(pool.submit(() -> {
                start.await();
                Response r = spend(s.id(), p, answers(hours));
                return r.statusCode() == 201 ? r.jsonPath().getString("receipt") : Integer.toString(r.statusCode());
            }));
            if (i == 12) {
                results.add(pool.submit(() -> {
                    start.await();
                    Fixtures.close(s.id());
                    return "closed";
                }));
            }
        }
        start.countDown();
        Set<String> counted = new HashSet<>();
        for (Future<String> f : results) {
            String r = f.get(60, TimeUnit.SECONDS);
            if (r.length() == 43) {
                counted.add(r);
            } else {
                assertTrue(r.equals("410") || r.equals("closed"), r);
            }
        }
        pool.shutdown();
        assertEquals(0, count("select count(*) from response_holding where survey_id = ?", s.id()));
        assertEquals(counted, new HashSet<>(column("select receipt from response where survey_id = ?", s.id())));
        assertEquals(counted.size(), count("select count(*) from spent_token where survey_id = ?", s.id()));
    }

    /** The receipt list appears at close, all at once, sorted, with every counted response's receipt. */
    @Test
    void theReceiptListIsPublishedAtCloseWithEveryReceipt() {
        OpenSurvey s = Fixtures.openSurvey();
        List<String> mine = new ArrayList<>();
        for (int i = 7; i < 10; i++) {
            mine.add(spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(i)), answers(i)).then().statusCode(201)
                    .extract().path("receipt"));
        }
        given().get("/api/v1/surveys/" + s.id() + "/receipts").then().statusCode(409)
                .body("error", containsString("published when the survey closes"));
        given().get("/api/v1/surveys/" + UUID.randomUUID() + "/receipts").then().statusCode(404);
        Fixtures.close(s.id());
        List<String> listed = given().get("/api/v1/surveys/" + s.id() + "/receipts").then().statusCode(200)
                .body("count", equalTo(3)).extract().path("receipts");
        List<String> sorted = new ArrayList<>(mine);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, listed);
        var page = given().get("/s/" + s.id() + "/receipts").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        for (String r : mine) {
            assertTrue(page.contains(r), "the page lists " + r);
        }
        assertTrue(page.contains("<strong>3</strong> responses were counted"));
    }

    /** After close the receipts are final: not even a database connection can add or drop one. */
    @Test
    void theDatabaseRefusesToChangeAClosedSurveysResponses() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        spend(s.id(), Fixtures.pass(s.id(), s.teamA().get(6)), answers(1)).then().statusCode(201);
        Fixtures.close(s.id());
        assertEquals(1, count("select count(*) from response where survey_id = ?", s.id()));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from response where survey_id = ?")) {
            ps.setObject(1, UUID.fromString(s.id()));
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    ps::executeUpdate);
            assertTrue(e.getMessage().contains("frozen"), e.getMessage());
        }
        assertEquals(1, count("select count(*) from response where survey_id = ?", s.id()));
    }

    private String text(String sql, String parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no row: " + sql);
                return rs.getString(1);
            }
        }
    }

    private long count(String sql, String surveyId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(surveyId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> column(String sql, String surveyId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(surveyId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
