package org.candour.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Fixtures.Pass;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.candour.support.Trustees;
import org.candour.support.Trustees.Trustee;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replicas are interchangeable: two packaged jars over one PostgreSQL ({@link TwoReplicasTestResource}).
 * A pass spent at both at once is accepted once; a retry at the other replica gets the same receipt;
 * both replicas' schedulers mix, and every response moves exactly once; two trustees who present their
 * shares at different replicas unlock the comments, which both replicas then show, and a lock at one
 * locks both.
 */
@QuarkusIntegrationTest
@WithTestResource(TwoReplicasTestResource.class)
class TwoReplicasIT {

    @BeforeAll
    static void secondReplicaIsUp() throws InterruptedException {
        // A database of its own: trustees made for another class's database do not exist here.
        Trustees.forgetShared();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (true) {
            try {
                if (second().get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the second replica did not start: see target/second-replica.log");
            }
            Thread.sleep(500);
        }
    }

    private static RequestSpecification second() {
        return given().port(TwoReplicasTestResource.secondPort());
    }

    @Test
    void aSpendAtBothReplicasAtOnceIsAcceptedOnceAndAMixAndAnUnlockSpanThem() throws Exception {
        OpenSurvey s = Fixtures.openSurvey();
        String keyA = Fixtures.keyOf(s.teamA().get(0));
        // k (10) passes of team A: once all are held, the mix moves them all.
        List<Pass> passes = new ArrayList<>();
        for (String code : s.teamA().subList(0, 10)) {
            passes.add(Fixtures.pass(s.id(), code));
        }
        TemplateAnswers form = new TemplateAnswers(s.id());

        // Each pass spent at both replicas at the same moment, with two different submissions.
        for (int i = 0; i < passes.size(); i++) {
            Pass pass = passes.get(i);
            List<Map<String, Object>> answers = form.with("comment " + i);
            String one = Spends.submissionId();
            String two = Spends.submissionId();
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Response> atFirst = CompletableFuture.supplyAsync(() -> spend(given(), go, s.id(), pass, one, answers));
            CompletableFuture<Response> atSecond = CompletableFuture.supplyAsync(() -> spend(second(), go, s.id(), pass, two, answers));
            go.countDown();
            Response a = atFirst.get();
            Response b = atSecond.get();
            List<Integer> statuses = new ArrayList<>(List.of(a.statusCode(), b.statusCode()));
            statuses.sort(null);
            assertEquals(List.of(201, 409), statuses, "one of two simultaneous spends of one pass is accepted");
            // The accepted submission, retried at the replica that refused the other, gets its receipt.
            boolean firstWon = a.statusCode() == 201;
            String receipt = (firstWon ? a : b).path("receipt");
            RequestSpecification other = firstWon ? second() : given();
            other.contentType(ContentType.JSON).body(Map.of("token", pass.json(), "submissionId", firstWon ? one : two,
                    "answers", answers)).post("/api/v1/surveys/" + s.id() + "/responses").then().statusCode(201)
                    .body("receipt", equalTo(receipt));
        }

        // Both replicas' mixers look every second; the one holding the lock moves team A's k or more.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (count("select count(*) from response_holding where key_id = ?", keyA) > 0) {
            assertTrue(System.nanoTime() < deadline, "team A's held responses were not mixed within a minute");
            Thread.sleep(250);
        }
        assertEquals(passes.size(), count("select count(*) from response where key_id = ?", keyA),
                "every response moved exactly once");

        // Closed at the second replica; two trustees unlock, one at each replica.
        second().auth().preemptive().basic(Staff.ADMIN, Staff.ADMIN_PASSWORD).contentType(ContentType.JSON)
                .body(Fixtures.CLOSE_EARLY).post("/api/admin/surveys/" + s.id() + "/close").then().statusCode(200);
        List<Trustee> ts = Trustees.shared();
        present(given(), ts.get(0), s.id()).then().statusCode(200).body("presented", equalTo(1))
                .body("unlocked", equalTo(false));
        present(second(), ts.get(1), s.id()).then().statusCode(200).body("unlocked", equalTo(true))
                .body("comments", equalTo(passes.size()));
        for (RequestSpecification at : List.of(given(), second())) {
            at.auth().preemptive().basic(Staff.ADMIN, Staff.ADMIN_PASSWORD).get("/api/admin/surveys/" + s.id() + "/unlock")
                    .then().statusCode(200).body("unlocked", equalTo(true)).body("comments", equalTo(passes.size()));
        }
        // Locked at the first replica: locked at both.
        Staff.admin().delete("/api/admin/surveys/" + s.id() + "/unlock").then().statusCode(204);
        second().auth().preemptive().basic(Staff.ADMIN, Staff.ADMIN_PASSWORD).get("/api/admin/surveys/" + s.id() + "/unlock")
                .then().statusCode(200).body("unlocked", equalTo(false)).body("presented", equalTo(0));
        assertEquals(0, count("select count(*) from survey_unlocked where survey_id = ?::uuid", s.id()));
    }

    private static Response spend(RequestSpecification at, CountDownLatch go, String surveyId, Pass pass,
            String submissionId, Object answers) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return at.contentType(ContentType.JSON).body(Map.of("token", pass.json(), "submissionId", submissionId,
                "answers", answers)).post("/api/v1/surveys/" + surveyId + "/responses");
    }

    private static Response present(RequestSpecification at, Trustee t, String surveyId) {
        return at.auth().preemptive().basic(t.username(), Trustees.PASSWORD).contentType(ContentType.JSON)
                .body(Map.of("keyFile", t.keyFile(), "passphrase", Trustees.PASSPHRASE))
                .post("/api/admin/surveys/" + surveyId + "/unlock");
    }

    private static long count(String sql, String parameter) throws Exception {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresTestResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
