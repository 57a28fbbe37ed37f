package org.candour.browser;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.candour.crypto.BouncyCastleBlindSigner;
import org.candour.crypto.KeyedHash;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.SpendService;
import org.candour.support.Invitations;
import org.candour.support.Spends;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A respondent turns an invitation code into a survey pass in real headless Chromium. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class RespondentPassBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aPassIsMadeOnTheDeviceVerifiedAndKeptAndTheCodeIsSpent() throws Exception {
        Browser.assumeAvailable();
        String slug = Unique.name("respondent");
        Staff.admin().contentType(ContentType.JSON).body(Map.of("slug", slug, "name", "Org " + slug))
                .post("/api/admin/organisations").then().statusCode(201);
        Staff.admin().contentType("text/csv").body("id,name,parent_id\nr,Region,\nt,Team,r\n")
                .post("/api/admin/organisations/" + slug + "/units/import").then().statusCode(200);
        String surveyId = Staff.admin().post("/api/admin/organisations/" + slug
                + "/surveys/from-template/probation-wellbeing").then().statusCode(201).extract().path("id");
        List<String> codes = Invitations.generate(surveyId, "t", 10);
        org.candour.support.Trustees.assign(surveyId);
        org.candour.support.Trustees.approve(surveyId);
        Staff.admin().post("/api/admin/surveys/" + surveyId + "/open").then().statusCode(200);
        String code = codes.get(0);

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            // The public page shows the key fingerprints people can compare.
            browser.get(base + "s/" + surveyId);
            String keyId = given().contentType(ContentType.JSON).body(Map.of("invitationCode", code))
                    .post("/api/v1/tokens/lookup").then().extract().path("keyId");
            assertTrue(driver.findElement(By.tagName("table")).getText()
                    .contains(keyId.replaceAll("(.{4})(?!$)", "$1 ")), "fingerprint shown");
            assertEquals(base + "pass", driver.findElement(By.linkText("Get your survey pass")).getAttribute("href"));

            // A link may carry the code in its fragment; the page takes it and clears the URL.
            browser.get(base + "pass#code=" + code);
            assertEquals(code, driver.findElement(By.id("code")).getAttribute("value"));
            assertFalse(driver.getCurrentUrl().contains(code), "the code is cleared from the address bar");

            // A new respondent starts at the home page, on a phone-sized window, and finds the way on.
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            browser.get(base.toString());
            browser.clickAndWaitForPage(By.id("answer-a-survey"));
            driver.findElement(By.id("code")).sendKeys(code);
            driver.findElement(By.id("get-pass")).click();
            // Nobody else has asked yet: the pass waits for its round of k = 10.
            browser.textContains(By.id("round-count"), "1 of the 10");
            assertFalse(driver.findElement(By.id("pass-section")).isDisplayed());
            assertFalse(driver.findElement(By.id("pass-form")).isDisplayed(), "the code form steps aside");
            browser.screenshot(java.nio.file.Path.of("target", "screenshots", "respondent-pass-waiting-phone.png"));
            // Nine colleagues of the same group ask for theirs; the round of ten is released and the
            // page, asking on the clock, finishes the pass.
            byte[] groupKey = org.candour.support.Fixtures.spkiOf(surveyId, keyId);
            for (int i = 1; i < 10; i++) {
                byte[] blinded = org.candour.crypto.BlindClient.forKey(groupKey)
                        .blind(("colleague " + i).getBytes(StandardCharsets.UTF_8)).blindedMessage();
                given().contentType(ContentType.JSON)
                        .body(org.candour.support.Fixtures.issueBody(codes.get(i), keyId, blinded, null))
                        .post("/api/v1/tokens/issue").then().statusCode(202);
            }
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                    d.findElement(By.id("pass-section")).isDisplayed()
                            || d.findElement(By.id("status")).getAttribute("class").contains("error"));
            assertTrue(driver.findElement(By.id("pass-section")).isDisplayed(),
                    "no pass: " + driver.findElement(By.id("status")).getText());
            assertEquals("Your pass is ready and checked. Keep it safe.", driver.findElement(By.id("status")).getText());
            assertEquals("10", driver.findElement(By.id("pass-round")).getText());
            assertTrue(driver.findElement(By.id("round-section")).getAttribute("hidden") != null);
            browser.screenshot(java.nio.file.Path.of("target", "screenshots", "respondent-pass-phone.png"));
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
            browser.screenshot(java.nio.file.Path.of("target", "screenshots", "respondent-pass.png"));

            // The pass verifies with the published key, names this survey and key, and is kept in the browser.
            String passText = driver.findElement(By.id("pass")).getAttribute("value");
            assertTrue(passText.startsWith("candour-pass:v1:"), passText);
            JsonNode pass = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(passText.substring(16)));
            assertEquals(surveyId, pass.get("surveyId").asText());
            assertEquals(keyId, pass.get("keyId").asText());
            byte[] prepared = Base64.getUrlDecoder().decode(pass.get("message").asText());
            byte[] signature = Base64.getUrlDecoder().decode(pass.get("signature").asText());
            String msg = new String(prepared, 32, prepared.length - 32, StandardCharsets.UTF_8);
            assertTrue(msg.matches("candour:v1:" + surveyId + ":" + keyId + ":[0-9a-f]{64}"), msg);
            List<Map<String, String>> keys = given().get("/api/v1/surveys/" + surveyId + "/issuer-keys").then()
                    .extract().path("keys");
            byte[] spki = Base64.getUrlDecoder().decode(keys.stream().filter(k -> k.get("keyId").equals(keyId))
                    .findFirst().orElseThrow().get("spki"));
            assertTrue(new BouncyCastleBlindSigner().verify(spki, prepared, signature), "the pass verifies");
            String stored = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript("return localStorage.getItem('candour.passes')");
            assertTrue(stored.contains(pass.get("signature").asText()), "kept in the browser");

            // --- Answer with the pass: one step from the pass page; the answer page fills the pass in
            // from this browser, and the person picks answers.
            browser.clickAndWaitForPage(By.id("answer-link"));
            assertTrue(driver.getCurrentUrl().endsWith("/s/" + surveyId + "/answer"), driver.getCurrentUrl());
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                    !d.findElement(By.id("pass")).getAttribute("value").isEmpty());
            assertEquals(passText, driver.findElement(By.id("pass")).getAttribute("value"));
            // As if this pass had been sent before and the reply lost: the page saved its submission id with
            // the pass, and sending again must reuse that id (and so get that submission's receipt).
            String submissionId = Spends.submissionId();
            browser.localStorage("candour.submissions", new ObjectMapper().writeValueAsString(List.of(Map.of(
                    "surveyId", surveyId, "message", pass.get("message").asText(), "submissionId", submissionId))));
            answerRequiredQuestions(driver, 2, "45", "6");
            browser.clickAndWaitForPage(By.id("send"));
            String receipt = driver.findElement(By.id("receipt")).getText();
            assertEquals(SpendService.receipt(Base64.getUrlDecoder().decode(submissionId), KeyedHash.sha256(prepared)),
                    receipt, "the receipt of the saved submission id");
            assertTrue(driver.getPageSource().contains("are recorded"));

            // Once the receipt is shown the browser keeps no used pass and no pending submission, but the receipt.
            browser.textContains(By.id("pass-removed"), "removed from this browser");
            assertFalse(browser.localStorage("candour.passes").contains(pass.get("message").asText()), "no pass kept");
            assertFalse(browser.localStorage("candour.passes").contains(pass.get("signature").asText()));
            assertEquals("[]", browser.localStorage("candour.submissions"));
            JsonNode receipts = new ObjectMapper().readTree(browser.localStorage("candour.receipts"));
            assertEquals(1, receipts.size());
            assertEquals(surveyId, receipts.get(0).get("surveyId").asText());
            assertEquals(receipt, receipts.get(0).get("receipt").asText());

            // The answer page has no pass to fill in now; the same pass pasted back cannot answer twice.
            browser.get(base + "s/" + surveyId + "/answer");
            assertEquals("", driver.findElement(By.id("pass")).getAttribute("value"));
            driver.findElement(By.id("pass")).sendKeys(passText);
            answerRequiredQuestions(driver, 4, "12", "1");
            browser.clickAndWaitForPage(By.id("send"));
            assertTrue(driver.findElement(By.cssSelector("p.error")).getText().contains("already been used"),
                    driver.findElement(By.tagName("main")).getText());

            // The invitation is spent: a second try says so plainly.
            given().contentType(ContentType.JSON).body(Map.of("invitationCode", code)).post("/api/v1/tokens/lookup")
                    .then().body("used", org.hamcrest.Matchers.equalTo(true));
            browser.get(base + "pass");
            driver.findElement(By.id("code")).sendKeys(code);
            driver.findElement(By.id("get-pass")).click();
            browser.textContains(By.id("status"), "already been used");

            // A mistyped code gets the server's clear message.
            driver.findElement(By.id("code")).clear();
            driver.findElement(By.id("code")).sendKeys("not-a-code");
            driver.findElement(By.id("get-pass")).click();
            browser.textContains(By.id("status"), "No invitation has that code");

            List<String> problems = browser.consoleLog().stream().map(LogEntry::getMessage)
                    .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to")
                            || m.contains("Uncaught"))
                    .toList();
            assertTrue(problems.isEmpty(), "console: " + problems);
        }
    }

    /** Picks answers for the template's required questions the way a person would. */
    private static void answerRequiredQuestions(WebDriver driver, int likert, String caseload, String unpaidHours) {
        for (String q : List.of("workload-manageable", "time-for-quality", "trust-senior-leaders", "safe-to-speak-up")) {
            driver.findElement(By.id("q-" + q + "-" + likert)).click();
        }
        driver.findElement(By.id("q-caseload")).sendKeys(caseload);
        driver.findElement(By.id("q-unpaid-hours")).sendKeys(unpaidHours);
        driver.findElement(By.cssSelector("input[name='q.plans']")).click();
    }
}
