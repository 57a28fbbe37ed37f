package org.candour.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.response.MixScheduler;
import org.candour.results.ResultsApiTest;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;

/**
 * In real Chromium, a publisher signs in, prepares a publication of a closed survey, previews and
 * publishes it; then a member of the public, from the home page and without typing an address, finds
 * it, reads the methodology box, and is given no cookie; on a phone-sized window too.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class PublicationBrowserTest {

    private static final String PASSWORD = "a perfectly long passphrase";

    @TestHTTPResource("/")
    URL base;

    @Inject
    MixScheduler mixer;

    @Test
    void aPublisherPublishesAndThePublicReadsItWithoutACookie() {
        Browser.assumeAvailable();
        OpenSurvey s = Fixtures.openSurvey();
        for (int i = 0; i < 12; i++) {
            ResultsApiTest.spend(s, s.teamA().get(i), i < 6 ? 4 : 2, i);
        }
        mixer.cycle();
        Fixtures.close(s.id());
        String slug = Staff.admin().get("/api/admin/surveys/" + s.id()).then().extract().path("organisation");
        String orgId = Staff.admin().get("/api/admin/organisations/" + slug).then().extract().path("id");
        String publisher = Unique.name("pub");
        Staff.admin().contentType("application/json").body(java.util.Map.of("username", publisher, "displayName",
                "Pat Publisher", "password", PASSWORD, "roles", List.of("PUBLISHER"), "organisationId", orgId))
                .post("/api/admin/accounts").then().statusCode(201);

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            browser.get(base + "login");
            driver.findElement(By.id("username")).sendKeys(publisher);
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            browser.clickAndWaitForPage(driver.findElement(By.id("password"))
                    .findElement(By.xpath("./ancestor::form//button[@type='submit']")));
            // A publisher lands in their workspace.
            assertEquals("Publications", browser.visible(By.tagName("h1")).getText());
            browser.clickAndWaitForPage(By.id("prepare"));
            driver.findElement(By.id("title")).clear();
            driver.findElement(By.id("title")).sendKeys("Workload and wellbeing: what you told us");
            driver.findElement(By.id("summary")).sendKeys("Most of you find your workload unmanageable.");
            driver.findElement(By.id("commentary")).sendKeys("## What we will do\n\n- Take it to the **employer**\n- Publish again next year");
            browser.clickAndWaitForPage(By.id("save"));
            String preview = browser.visible(By.id("preview-box")).getText();
            assertTrue(preview.contains("Methodology") && preview.contains("What we will do"), preview);
            browser.screenshot(Path.of("target", "screenshots", "publication-preview.png"));
            browser.clickAndWaitForPage(By.id("publish"));
            assertTrue(browser.visible(By.cssSelector(".notice")).getText().startsWith("Published"));
            browser.clickAndWaitForPage(By.id("public-link"));
            String address = driver.getCurrentUrl();
            assertTrue(address.endsWith("/published/" + slug + "/1"), address);

            // The public: from the home page, by links only, with no cookie from Candour.
            driver.manage().deleteAllCookies();
            browser.get(base.toString());
            assertTrue(driver.manage().getCookies().isEmpty(), driver.manage().getCookies().toString());
            browser.clickAndWaitForPage(By.id("published-results"));
            browser.clickAndWaitForPage(By.linkText("Org " + slug));
            browser.clickAndWaitForPage(By.partialLinkText("Workload and wellbeing"));
            assertEquals("Workload and wellbeing: what you told us", browser.visible(By.tagName("h1")).getText());
            String methodology = browser.visible(By.id("methodology")).getText();
            assertTrue(methodology.contains("Threshold k\n10") && methodology.contains("Responses\n12"), methodology);
            assertTrue(driver.findElement(By.id("publication-commentary")).getText().contains("Take it to the employer"));
            assertTrue(driver.manage().getCookies().isEmpty(), "cookies: " + driver.manage().getCookies());
            browser.screenshot(Path.of("target", "screenshots", "publication-public.png"));
            // The PDF its link gives opens and holds the title and the figures.
            String pdfAddress = driver.findElement(By.id("download-pdf")).getAttribute("href");
            byte[] pdf = io.restassured.RestAssured.given().get(pdfAddress).then().statusCode(200)
                    .contentType("application/pdf").extract().asByteArray();
            try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
                assertTrue(text.contains("Workload and wellbeing: what you told us"), text);
                assertTrue(text.contains("Whole organisation") && text.contains("12"), text);
                assertTrue(text.contains("Take it to the employer"), text);
            } catch (java.io.IOException e) {
                throw new AssertionError("the PDF does not open", e);
            }
            driver.manage().window().setSize(new Dimension(390, 844));
            browser.get(address);
            browser.screenshot(Path.of("target", "screenshots", "publication-public-phone.png"));
            Object wide = ((JavascriptExecutor) driver).executeScript(
                    "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                            + ".filter(e => e.getBoundingClientRect().right > w + 1)"
                            + ".map(e => e.tagName + '.' + e.className.baseVal + e.className + '#' + e.id).slice(0, 8).join(' ')");
            assertEquals("", wide, "elements wider than a phone screen");
            browser.clickAndWaitForPage(By.linkText("the key"));
            assertTrue(browser.visible(By.cssSelector("code.fingerprint")).getText().matches("([0-9A-F]{4} ){15}[0-9A-F]{4}"));
            browser.screenshot(Path.of("target", "screenshots", "publication-key-phone.png"));
            List<String> errors = browser.consoleLog().stream().map(LogEntry::getMessage)
                    .filter(m -> m.contains("Content Security Policy") || m.contains("SEVERE")).toList();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }
}
