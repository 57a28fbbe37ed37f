package org.candour.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.candour.crypto.KeyedHash;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.ResponseApiTest;
import org.candour.response.SpendService;
import org.candour.support.Fixtures;
import org.candour.support.Spends;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL frozen ({@code kill -STOP} of the postmaster and every backend) under the running test
 * application: once {@link DatabaseProbe} notices, respondents' requests are answered 503 with
 * {@code Retry-After} at once instead of hanging or failing with 500, and once the database thaws the same spend, retried with the same submission id,
 * is stored exactly once and gets the receipt that id gives.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class DatabaseFaultTest {

    /** A client that gives up after 30 s, so a hang fails the test instead of stalling the run. */
    private static final RestAssuredConfig PATIENT = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 30_000).setParam("http.connection.timeout", 30_000));

    @Test
    void aFrozenDatabaseIsAnswered503WithRetryAfterAndTheRetryIsStoredOnceItThaws() throws Exception {
        Fixtures.OpenSurvey s = Fixtures.openSurvey();
        Fixtures.Pass pass = Fixtures.pass(s.id(), s.teamA().get(0));
        String submission = Spends.submissionId();
        List<ProcessHandle> postgres = postgresProcesses();
        signal("STOP", postgres);
        try {
            // The probe notices within about three seconds; from then on every request is refused at once.
            long frozen = System.nanoTime();
            int status = 0;
            while (status != 503 && System.nanoTime() - frozen < 15_000_000_000L) {
                Thread.sleep(200);
                // The home page reads nothing from the database, so asking it never waits on the freeze.
                status = RestAssured.given().config(PATIENT).get("/").statusCode();
            }
            System.out.printf("frozen database: 503 after %d ms%n", (System.nanoTime() - frozen) / 1_000_000);
            Response spent = spend(s.id(), pass, submission);
            assertEquals(503, spent.statusCode(), spent.asString());
            assertEquals(String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS), spent.header("Retry-After"));
            assertTrue(spent.asString().contains("try again"), spent.asString());
            assertTrue(!spent.asString().contains("Exception") && !spent.asString().contains("org."), spent.asString());
            // A page and a lookup (through Hibernate) are answered the same way.
            Response lookup = RestAssured.given().config(PATIENT).contentType(ContentType.JSON)
                    .body(Map.of("invitationCode", s.teamA().get(1))).post("/api/v1/tokens/lookup");
            assertEquals(503, lookup.statusCode(), lookup.asString());
            assertEquals(String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS), lookup.header("Retry-After"));
        } finally {
            signal("CONT", postgres);
        }
        // Thawed: the client retries as told, with the same submission id, and the response is stored once.
        Response retried = null;
        long thawed = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            retried = spend(s.id(), pass, submission);
            if (retried.statusCode() != 503) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(201, retried.statusCode(), retried.asString());
        System.out.printf("thawed: the retry stored after %d ms%n", (System.nanoTime() - thawed) / 1_000_000);
        byte[] prepared = Base64.getUrlDecoder().decode(pass.message());
        assertEquals(SpendService.receipt(Base64.getUrlDecoder().decode(submission), KeyedHash.sha256(prepared)),
                retried.path("receipt"));
        assertEquals(201, spend(s.id(), pass, submission).statusCode(), "a second retry is the same submission");
    }

    private static Response spend(String surveyId, Fixtures.Pass pass, String submission) {
        return RestAssured.given().config(PATIENT).contentType(ContentType.JSON)
                .body(Map.of("token", pass.json(), "submissionId", submission, "answers", ResponseApiTest.answers(3)))
                .post("/api/v1/surveys/" + surveyId + "/responses");
    }

    private static List<ProcessHandle> postgresProcesses() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(EmbeddedPostgresTestResource.dataDirectory()
                .resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        return all;
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
