package org.candour.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Staff;
import org.junit.jupiter.api.Test;

/** Makes requests that carry markers in every client detail, then reads what was really logged. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class LogPrivacyTest {

    private static final Path LOG = Path.of("target/candour-test.log");

    @Test
    void logsHoldNoClientAddressUserAgentQueryStringOrRealPath() throws Exception {
        long offset = Files.exists(LOG) ? Files.size(LOG) : 0;
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ua = "UA-MARKER-" + run;
        String forwarded = "198.51.100." + (Math.abs(run.hashCode()) % 200 + 1);
        String query = "QS-MARKER-" + run;
        UUID unknownSurvey = UUID.randomUUID();

        Staff.admin().header("User-Agent", ua).header("X-Forwarded-For", forwarded).header("X-Real-IP", forwarded)
                .queryParam("q", query).get("/api/admin/organisations").then().statusCode(200);
        Staff.admin().header("User-Agent", ua).header("X-Forwarded-For", forwarded)
                .get("/api/admin/surveys/" + unknownSurvey).then().statusCode(404);
        given().redirects().follow(false).header("User-Agent", ua).header("X-Forwarded-For", forwarded)
                .get("/admin?secret=" + query).then().statusCode(302);
        given().header("User-Agent", ua).header("X-Forwarded-For", forwarded)
                .contentType("application/x-www-form-urlencoded").formParam("username", "admin")
                .formParam("password", query).post("/login?next=" + query).then().statusCode(403);
        // A path outside the staff area, such as a respondent's, is not logged at all, not even its refusals.
        given().header("User-Agent", ua).contentType("application/json")
                .body("{\"invitationCode\": \"0000-0000-0000-0000-0000-0000-0000\"}")
                .post("/api/v1/tokens/lookup").then().statusCode(404);
        given().header("User-Agent", ua).get("/api/v1/surveys/" + run + "/issuer-keys?code=" + query)
                .then().statusCode(404);

        String logged = waitForLine(offset, "GET /admin -> 302");
        assertTrue(logged.contains("GET /api/admin/organisations -> 200"), logged);
        assertTrue(logged.contains("GET /api/admin/surveys/{id} -> 404"), "the route template, not the path: " + logged);
        assertTrue(logged.contains("POST /login -> 403"), logged);

        assertAbsent(logged, ua, "user agent logged");
        assertAbsent(logged, forwarded, "forwarded client address logged");
        assertAbsent(logged, "127.0.0.1", "client address logged");
        assertAbsent(logged, query, "query string logged");
        assertAbsent(logged, unknownSurvey.toString(), "real path logged");
        assertAbsent(logged, run, "a respondent path was logged");
        assertAbsent(logged, "/api/v1/", "a respondent path was logged");
        assertAbsent(logged, "No invitation has that code", "a refusal on a respondent path was logged");
    }

    @Test
    void anApiTokenNeverReachesTheLog() throws Exception {
        long offset = Files.exists(LOG) ? Files.size(LOG) : 0;
        String token = Staff.newToken(Staff.admin(), "log-privacy");
        Staff.bearer(token).get("/api/admin/organisations").then().statusCode(200);
        String id = Staff.admin().get("/api/admin/api-tokens").then().extract()
                .path("find { it.name == 'log-privacy' && it.username == 'admin' }.id");
        Staff.bearer(token).delete("/api/admin/api-tokens/" + id).then().statusCode(204);
        Staff.bearer(token).get("/api/admin/organisations").then().statusCode(401);
        Staff.bearer(token + "x").get("/api/admin/organisations").then().statusCode(401);

        String logged = waitForLine(offset, "DELETE /api/admin/api-tokens/{id} -> 204");
        assertTrue(logged.contains("API token " + id + " created"), logged);
        assertAbsent(logged, token, "an API token was logged");
        assertAbsent(logged, token.substring(0, 20), "part of an API token was logged");
    }

    private static void assertAbsent(String logged, String needle, String what) {
        List<String> lines = logged.lines().filter(l -> l.contains(needle)).toList();
        assertTrue(lines.isEmpty(), what + ": " + lines);
    }

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    @jakarta.inject.Inject
    jakarta.transaction.UserTransaction tx;

    @Test
    void aRefusedRowNeverReachesTheLogThroughTheOrm() throws Exception {
        long offset = Files.exists(LOG) ? Files.size(LOG) : 0;
        String marker = "ROW-MARKER-" + UUID.randomUUID().toString().substring(0, 8);
        tx.begin();
        try {
            // Two organisations with the same slug: PostgreSQL refuses the second, quoting the slug.
            em.createNativeQuery("insert into organisation (id, slug, name) values (gen_random_uuid(), ?1, 'x')")
                    .setParameter(1, marker.toLowerCase()).executeUpdate();
            em.createNativeQuery("insert into organisation (id, slug, name) values (gen_random_uuid(), ?1, 'x')")
                    .setParameter(1, marker.toLowerCase()).executeUpdate();
        } catch (RuntimeException expected) {
            // the unique constraint refused it
        } finally {
            tx.rollback();
        }
        Thread.sleep(100);
        assertFalse(readFrom(offset).toLowerCase().contains(marker.toLowerCase()), "a refused row value was logged");
    }

    @Test
    void serverErrorsAreLoggedWithoutTheirMessages() {
        IllegalStateException secret = new IllegalStateException("comment text: SECRET-MARKER",
                new java.sql.SQLException("Key (x)=(SECRET-ROW) already exists", "23505"));
        Throwable safe = LogSafe.redact(secret);
        StringBuilder all = new StringBuilder();
        for (Throwable t = safe; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        assertFalse(all.toString().contains("SECRET"), all.toString());
        assertTrue(all.toString().contains("java.lang.IllegalStateException"), all.toString());
        assertTrue(all.toString().contains("SQLState 23505"), all.toString());
        assertTrue(safe.getStackTrace().length > 0);
    }

    /** Waits until the request log has written {@code line} (it is written as the response ends). */
    private static String waitForLine(long offset, String line) throws IOException, InterruptedException {
        String text = "";
        for (int i = 0; i < 100; i++) {
            text = readFrom(offset);
            if (text.contains(line)) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the request log never wrote '" + line + "'; log since the test began:\n" + text);
    }

    private static String readFrom(long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(LOG.toFile(), "r")) {
            byte[] b = new byte[(int) Math.max(0, f.length() - offset)];
            f.seek(offset);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
