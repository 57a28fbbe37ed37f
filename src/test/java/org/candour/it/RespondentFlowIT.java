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
        List<Map<String, Object>> answers = new TemplateAnswers(s.id()).required();

        String receipt = Spends.spend(s.id(), pass, submission, answers).then().statusCode(201)
                .extract().path("receipt");
        assertTrue(receipt.matches("[A-Za-z0-9_-]{43}"), receipt);
        // A lost reply: the same submission id again is a retry and gets the first receipt.
        Spends.spend(s.id(), pass, submission, answers).then().statusCode(201).body("receipt", equalTo(receipt));
        // Another submission with the spent pass is refused.
        Spends.spend(s.id(), pass, answers).then().statusCode(409);
    }
}
