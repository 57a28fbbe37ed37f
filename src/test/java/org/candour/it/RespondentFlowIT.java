package org.candour.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Fixtures.Pass;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.junit.jupiter.api.Test;

/**
 * A respondent's way through the packaged jar (prod profile), over HTTP only: an admin makes an
 * organisation, its units, a survey from the probation template, invitations (CSV) and names trustees,
 * two of whom approve the issuing plan, and opens it ({@link Fixtures#openSurvey()}); a respondent looks
 * up a code, claims a pass accepting a round of one and spends it ({@link Fixtures#pass}).
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresTestResource.class)
@WithTestResource(PackagedJarTestResource.class)
class RespondentFlowIT {

    @Test
    void aPassIsSpentOnceAndARetryGetsTheSameReceipt() {
        OpenSurvey s = Fixtures.openSurvey();
        given().get("/s/" + s.id()).then().statusCode(200);
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(0));
        String submission = Spends.submissionId();
        List<Map<String, Object>> answers = answers();

        String receipt = Spends.spend(s.id(), pass, submission, answers).then().statusCode(201)
                .extract().path("receipt");
        assertTrue(receipt.matches("[A-Za-z0-9_-]{43}"), receipt);
        // A lost reply: the same submission id again is a retry and gets the first receipt.
        Spends.spend(s.id(), pass, submission, answers).then().statusCode(201).body("receipt", equalTo(receipt));
        // Another submission with the spent pass is refused.
        Spends.spend(s.id(), pass, answers).then().statusCode(409);
    }

    /** Answers to the template's required questions; the "plans" option is read from the jar's template. */
    private static List<Map<String, Object>> answers() {
        String plans = Staff.admin().get("/api/admin/survey-templates/probation-wellbeing").then().statusCode(200)
                .extract().path("questions.find { it.id == 'plans' }.options[0].id");
        return List.of(Map.of("questionId", "workload-manageable", "value", 2),
                Map.of("questionId", "caseload", "value", 45),
                Map.of("questionId", "unpaid-hours", "value", 5),
                Map.of("questionId", "time-for-quality", "value", 3),
                Map.of("questionId", "trust-senior-leaders", "value", 2),
                Map.of("questionId", "safe-to-speak-up", "value", 1),
                Map.of("questionId", "plans", "value", plans));
    }
}
