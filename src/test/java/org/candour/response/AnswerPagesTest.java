package org.candour.response;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Browserless;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Fixtures.Pass;
import org.junit.jupiter.api.Test;

/** The answering page without JavaScript: a pasted pass and a plain multipart form. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class AnswerPagesTest {

    static String passText(String surveyId, Pass p) {
        String json = "{\"surveyId\":\"" + surveyId + "\",\"keyId\":\"" + p.keyId() + "\",\"message\":\"" + p.message()
                + "\",\"signature\":\"" + p.signature() + "\"}";
        return "candour-pass:v1:" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> form(String token, String pass, int likert) {
        Map<String, String> f = new HashMap<>();
        f.put("_csrf", token);
        f.put("pass", pass);
        for (String q : new String[] {"workload-manageable", "time-for-quality", "trust-senior-leaders", "safe-to-speak-up"}) {
            f.put("q." + q, Integer.toString(likert));
        }
        f.put("q.caseload", "30");
        f.put("q.unpaid-hours", "4");
        f.put("q.plans", ResponseApiTest.PLANS_OPTION);
        return f;
    }

    @Test
    void aPastedPassAnswersOnceAndBadInputGetsAClearPage() {
        OpenSurvey s = Fixtures.openSurvey();
        OpenSurvey other = Fixtures.openSurvey();
        Pass pass = Fixtures.pass(s.id(), s.teamA().get(0));
        String page = "/s/" + s.id() + "/answer";
        Browserless b = new Browserless();
        b.get(page).then().statusCode(200).body(containsString("Sealed the moment it arrives"))
                .body(containsString("name=\"q.workload-manageable\""))
                .body(containsString("<textarea id=\"q-one-change\" name=\"q.one-change\""));

        // Not a pass, a pass for another survey, a missing token: each says what is wrong.
        b.postFile(page, form(b.token(page), "hello", 3), "unused", "", new byte[0], "application/octet-stream")
                .then().statusCode(400).body(containsString("That is not a Candour survey pass"));
        b.postFile(page, form(b.token(page), passText(other.id(), pass), 3), "unused", "", new byte[0],
                "application/octet-stream").then().statusCode(403).body(containsString("for another survey"));
        Map<String, String> noToken = form("", passText(s.id(), pass), 3);
        noToken.remove("_csrf");
        b.postFile(page, noToken, "unused", "", new byte[0], "application/octet-stream").then().statusCode(403);
        // Invalid answers: the page lists each problem, and the pass stays unspent.
        Map<String, String> bad = form(b.token(page), passText(s.id(), pass), 9);
        b.postFile(page, bad, "unused", "", new byte[0], "application/octet-stream").then().statusCode(422)
                .body(containsString("workload-manageable:"));

        Map<String, String> withComment = form(b.token(page), passText(s.id(), pass), 3);
        withComment.put("q.one-change", "More time with the people on my caseload.");
        b.postFile(page, withComment, "unused", "", new byte[0], "application/octet-stream").then().statusCode(201)
                .body(containsString("are recorded"))
                .body(matchesPattern("(?s).*<code id=\"receipt\" class=\"fingerprint\">[A-Za-z0-9_-]{43}</code>.*"));
        b.postFile(page, form(b.token(page), passText(s.id(), pass), 4), "unused", "", new byte[0],
                "application/octet-stream").then().statusCode(409).body(containsString("already been used"))
                .body(not(containsString("receipt\"")));
    }
}
