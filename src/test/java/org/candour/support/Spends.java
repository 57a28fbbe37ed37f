package org.candour.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.candour.support.Fixtures.Pass;

/** Spending a pass through the API as a client does: the token, a submission id the client chose, the answers. */
public final class Spends {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Spends() {
    }

    /** A fresh submission id: 32 random bytes, base64url without padding. */
    public static String submissionId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** Spends {@code pass} on {@code answers} with a fresh submission id (a first try, never a retry). */
    public static Response spend(String surveyId, Pass pass, Object answers) {
        return spend(surveyId, pass, submissionId(), answers);
    }

    /** Spends {@code pass} with the given submission id: the same id again is a retry of that submission. */
    public static Response spend(String surveyId, Pass pass, String submissionId, Object answers) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("token", pass.json(), "submissionId", submissionId, "answers", answers))
                .post("/api/v1/surveys/" + surveyId + "/responses");
    }
}
