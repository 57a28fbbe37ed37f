package org.candour.response;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern RECEIPT = Pattern.compile("<code id=\"receipt\"[^>]*>([A-Za-z0-9_-]{43})</code>");

    static String passText(String surveyId, Pass p) {
        String json = "{\"surveyId\":\"" + surveyId + "\",\"keyId\":\"" + p.keyId() + "\",\"message\":\"" + p.message()
                + "\",\"signature\":\"" + p.signature() + "\"}";
        return "candour-pass:v1:" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The page's hidden fields (CSRF token, submission id), the pass and answers to every required question. */
    static Map<String, String> form(Map<String, String> hidden, String pass, int likert) {
        Map<String, String> f = new HashMap<>(hidden);
        f.put("pass", pass);
        for (String q : new String[] {"workload-manageable", "time-for-quality", "trust-senior-leaders", "safe-to-speak-up"}) {
            f.put("q." + q, Integer.toString(likert));
        }
        f.put("q.caseload", "30");
        f.put("q.unpaid-hours", "4");
        f.put("q.plans", ResponseApiTest.PLANS_OPTION);
        return f;
    }

    /** An open survey with one of its passes and its answer page, and another open survey. */
    record Scene(OpenSurvey survey, Pass pass, String page, OpenSurvey other) {
        static Scene make(int teamA) {
            OpenSurvey s = Fixtures.openSurvey();
            OpenSurvey other = Fixtures.openSurvey();
            return new Scene(s, Fixtures.pass(s.id(), s.teamA().get(teamA)), "/s/" + s.id() + "/answer", other);
        }
    }

    static Response send(Browserless b, String page, Map<String, String> form) {
        return b.postFile(page, form, "unused", "", new byte[0], "application/octet-stream");
    }

    @Test
    void aPastedPassAnswersOnceAndBadInputGetsAClearPage() {
        Scene scene = Scene.make(0);
        OpenSurvey s = scene.survey();
        Pass pass = scene.pass();
        String page = scene.page();
        Browserless b = new Browserless();
        b.get(page).then().statusCode(200).body(containsString("Sealed the moment it arrives"))
                .body(containsString("name=\"q.workload-manageable\""))
                .body(containsString("<textarea id=\"q-one-change\" name=\"q.one-change\""));

        // Not a pass, a pass for another survey, a missing token or submission id: each says what is wrong.
        send(b, page, form(b.hiddenFields(page), "hello", 3)).then().statusCode(400)
                .body(containsString("That is not a Candour survey pass"));
        send(b, page, form(b.hiddenFields(page), passText(scene.other().id(), pass), 3)).then().statusCode(403)
                .body(containsString("for another survey"));
        Map<String, String> noToken = form(b.hiddenFields(page), passText(s.id(), pass), 3);
        noToken.remove("_csrf");
        send(b, page, noToken).then().statusCode(403);
        Map<String, String> noSubmission = form(b.hiddenFields(page), passText(s.id(), pass), 3);
        noSubmission.remove("submissionId");
        send(b, page, noSubmission).then().statusCode(400).body(containsString("submissionId: required"));
        Map<String, String> shortSubmission = form(b.hiddenFields(page), passText(s.id(), pass), 3);
        shortSubmission.put("submissionId", "AAAA");
        send(b, page, shortSubmission).then().statusCode(400).body(containsString("submissionId: must be 32"));
        // Invalid answers: the page lists each problem, and the pass stays unspent.
        send(b, page, form(b.hiddenFields(page), passText(s.id(), pass), 9)).then().statusCode(422)
                .body(containsString("workload-manageable:"));

        Map<String, String> hidden = b.hiddenFields(page);
        Map<String, String> withComment = form(hidden, passText(s.id(), pass), 3);
        withComment.put("q.one-change", "More time with the people on my caseload.");
        String first = send(b, page, withComment).then().statusCode(201)
                .body(containsString("are recorded")).body(containsString("not from your answers"))
                .body(matchesPattern("(?s).*<code id=\"receipt\" class=\"fingerprint\" data-survey=\"" + s.id()
                        + "\">[A-Za-z0-9_-]{43}</code>.*"))
                .extract().asString();
        Matcher receipt = RECEIPT.matcher(first);
        assertTrue(receipt.find());
        // Sent again from the same page (a retry after a lost reply), even with other answers: the first receipt.
        send(b, page, form(hidden, passText(s.id(), pass), 4)).then().statusCode(201)
                .body(containsString(receipt.group(1)));
        // From a new visit to the page (a new submission id): refused, whatever the answers.
        send(b, page, form(b.hiddenFields(page), passText(s.id(), pass), 4)).then().statusCode(409)
                .body(containsString("already been used")).body(not(containsString("receipt\"")));
    }

    /**
     * The answer form's CSRF cookie is its own: made afresh for each visit, sent back only to that survey's
     * form (Path=/s/{id}/answer), and its token is good for that form alone; the staff cookie is neither set
     * nor accepted there, and the form's token is not accepted by a staff form.
     */
    @Test
    void theAnswerFormsCsrfCookieBelongsToThatFormAlone() {
        Scene scene = Scene.make(1);
        String page = scene.page();
        String otherPage = "/s/" + scene.other().id() + "/answer";
        String pass = passText(scene.survey().id(), scene.pass());

        Response first = given().accept("text/html").get(page);
        first.then().statusCode(200);
        Cookie cookie = first.getDetailedCookie("candour_form_csrf");
        assertNotNull(cookie, "the form sets its own cookie");
        assertEquals(page, cookie.getPath());
        assertTrue(cookie.isHttpOnly());
        assertEquals("Strict", cookie.getSameSite());
        assertFalse(first.getCookies().containsKey("candour_csrf"), "the staff pages' cookie is not set");
        List<String> setCookies = first.getHeaders().getValues("Set-Cookie");
        assertEquals(1, setCookies.size(), "one cookie: " + setCookies);
        // The next visit gets another cookie, so two visits share nothing.
        Response second = given().accept("text/html").cookie("candour_form_csrf", cookie.getValue()).get(page);
        assertNotEquals(cookie.getValue(), second.getCookie("candour_form_csrf"));

        // The form's own cookie and token work (the staff cookie, sent as a browser would, is not read).
        Browserless b = new Browserless();
        b.cookies.put("candour_csrf", staffCookie());
        Map<String, String> hidden = b.hiddenFields(page);
        assertNotEquals(hidden.get("_csrf"), b.hiddenFields(page).get("_csrf"), "a fresh token for each visit");
        Map<String, String> otherHidden = new Browserless().hiddenFields(otherPage);

        // This survey's cookie and token, sent to another survey's form: refused.
        Map<String, String> mine = b.hiddenFields(page);
        Browserless toOther = new Browserless();
        toOther.cookies.put("candour_form_csrf", b.lastCookie("candour_form_csrf"));
        send(toOther, otherPage, form(mine, passText(scene.other().id(), scene.pass()), 3)).then().statusCode(403)
                .body(containsString("This form has expired"));
        // Another survey's token with this survey's cookie: refused.
        Map<String, String> crossed = form(b.hiddenFields(page), pass, 3);
        crossed.put("_csrf", otherHidden.get("_csrf"));
        send(b, page, crossed).then().statusCode(403);
        // The staff pages' cookie and token: refused at the answer form.
        Browserless staff = new Browserless();
        Map<String, String> staffForm = form(b.hiddenFields(page), pass, 3);
        staffForm.put("_csrf", staff.token("/login"));
        send(staff, page, staffForm).then().statusCode(403);
        // The answer form's cookie and token: refused by a staff form.
        Browserless formAtLogin = new Browserless();
        Map<String, String> formHidden = formAtLogin.hiddenFields(page);
        formAtLogin.post("/login", Map.of("_csrf", formHidden.get("_csrf"), "username", "nobody", "password", "x"))
                .then().statusCode(403);

        // None of that spent the pass: the form's own token does.
        send(b, page, form(b.hiddenFields(page), pass, 3)).then().statusCode(201);
    }

    private static String staffCookie() {
        return given().accept("text/html").get("/login").getCookie("candour_csrf");
    }
}
