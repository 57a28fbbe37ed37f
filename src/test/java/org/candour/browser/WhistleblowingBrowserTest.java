package org.candour.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Staff;
import org.candour.support.Unique;
import org.candour.whistleblowing.AttachmentCleanerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * In real Chromium, on a phone-sized window: a handler signs in and sets up their key; a member of staff,
 * from the home page and by links only, reports to the union's channel with a photo, sees what was
 * removed from it before sending, writes down the receipt (the step cannot be skipped), and follows up;
 * the handler opens the case with their passphrase, sees the photo, replies with a picture, assigns the
 * case to themselves and labels it; the reporter reads the reply with its clocks, saves the picture and
 * answers; the handler concludes the case with its category and the reporter sees it concluded. The
 * reporter gets no cookie but the forms' own.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class WhistleblowingBrowserTest {

    private static final String PASSWORD = "a perfectly long passphrase";
    private static final String KEY_PASSPHRASE = "my handler key passphrase";

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path files;

    @Test
    void aReportGoesFromTheHomePageToTheHandlerAndTheReplyComesBack() throws Exception {
        Browser.assumeAvailable();
        String slug = Unique.name("wbb");
        Staff.admin().contentType("application/json").body(java.util.Map.of("slug", slug, "name", "Branch " + slug))
                .post("/api/admin/organisations").then().statusCode(201);
        String orgId = Staff.admin().get("/api/admin/organisations/" + slug).then().extract().path("id");
        String handler = Unique.name("hb");
        String handlerId = Staff.admin().contentType("application/json").body(java.util.Map.of("username", handler,
                "displayName", "Harriet Handler", "password", PASSWORD, "roles", List.of("HANDLER"), "organisationId",
                orgId)).post("/api/admin/accounts").then().statusCode(201).extract().path("id");
        Staff.admin().contentType("application/json").body(java.util.Map.of("name", "Union casework", "description",
                "Read by two caseworkers of the branch, never by management.", "categories",
                List.of("Bullying or harassment", "Unsafe caseloads"), "handlers", List.of(handlerId)))
                .post("/api/admin/organisations/" + slug + "/channels").then().statusCode(201);

        Path photo = files.resolve("rota-photo.jpg");
        Path picture = files.resolve("caseload-chart.png");
        Files.write(photo, AttachmentCleanerTest.jpegWithExif(64, 48, 1));
        Files.write(picture, AttachmentCleanerTest.pngWithText(64, 48));
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.manage().window().setSize(new Dimension(390, 844));
            // The handler sets up their key.
            signIn(browser, handler);
            assertEquals("Cases", browser.visible(By.tagName("h1")).getText());
            driver.findElement(By.id("passphrase")).sendKeys(KEY_PASSPHRASE);
            driver.findElement(By.id("repeated")).sendKeys(KEY_PASSPHRASE);
            browser.clickAndWaitForPage(By.id("create-key"));
            assertTrue(browser.visible(By.id("recovery-key")).getText().matches("[0-9A-Z]{4}(-[0-9A-Z]{4})+"));
            browser.clickAndWaitForPage(By.id("to-cases"));
            driver.manage().deleteAllCookies();

            // A member of staff reports, from the home page.
            browser.get(base.toString());
            browser.clickAndWaitForPage(By.id("report-wrongdoing"));
            browser.clickAndWaitForPage(By.linkText("Branch " + slug));
            assertTrue(driver.findElement(By.name("channel")).isSelected(), "the only channel is chosen");
            new Select(driver.findElement(By.id("category"))).selectByVisibleText("Unsafe caseloads");
            driver.findElement(By.id("text")).sendKeys("Caseloads of 70 on our team since March; nobody listens.");
            driver.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
            browser.screenshot(Path.of("target", "screenshots", "report-form-phone.png"));
            browser.clickAndWaitForPage(By.id("send"));
            // Nothing is sent before the reporter has seen what was removed from the photo.
            String review = browser.visible(By.id("files")).getText();
            assertTrue(review.contains("rota-photo.jpg") && review.contains("Found and removed"), review);
            assertTrue(review.contains("GPS") || review.contains("location") || review.contains("EXIF"), review);
            browser.screenshot(Path.of("target", "screenshots", "report-review-phone.png"));
            assertNoSidewaysScroll(driver);
            browser.clickAndWaitForPage(By.id("confirm-send"));
            String receipt = browser.visible(By.id("receipt")).getText().trim().replaceAll("\\s+", " ");
            assertEquals(7, receipt.split(" ").length, receipt);
            browser.screenshot(Path.of("target", "screenshots", "report-receipt-phone.png"));
            // The step cannot be skipped: without the tick the browser does not send the form.
            String receiptUrl = driver.getCurrentUrl();
            driver.findElement(By.id("continue")).click();
            assertEquals(receiptUrl, driver.getCurrentUrl());
            assertTrue(driver.findElement(By.id("receipt")).isDisplayed());
            driver.findElement(By.id("written-down")).click();
            browser.clickAndWaitForPage(By.id("continue"));
            driver.findElement(By.id("receipt-input")).sendKeys(receipt.toUpperCase());
            browser.clickAndWaitForPage(By.id("open"));
            assertEquals("new", browser.visible(By.id("case-status")).getText());
            assertTrue(driver.findElement(By.id("report-text")).getText().contains("Caseloads of 70"));
            String cookies = driver.manage().getCookies().stream().map(Cookie::getName).distinct().sorted()
                    .collect(Collectors.joining(","));
            assertTrue(cookies.isEmpty() || cookies.equals("candour_form_csrf"), "cookies: " + cookies);
            assertNoSidewaysScroll(driver);
            driver.manage().deleteAllCookies();

            // The handler opens the case with their passphrase and replies.
            signIn(browser, handler);
            browser.clickAndWaitForPage(driver.findElement(By.cssSelector("#cases a")));
            driver.findElement(By.id("key-passphrase")).sendKeys(KEY_PASSPHRASE);
            browser.clickAndWaitForPage(By.id("open-case"));
            assertTrue(browser.visible(By.id("report-text")).getText().contains("Caseloads of 70"));
            assertTrue(driver.findElement(By.cssSelector("ul.files")).getText().contains("rota-photo.jpg"));
            browser.screenshot(Path.of("target", "screenshots", "handler-case-phone.png"));
            assertNoSidewaysScroll(driver);
            driver.findElement(By.id("reply-text")).sendKeys("Thank you. We are raising caseloads with the employer.");
            driver.findElement(By.id("reply-file")).sendKeys(picture.toAbsolutePath().toString());
            browser.clickAndWaitForPage(By.id("reply"));
            assertEquals("acknowledged", browser.visible(By.id("case-status")).getText());
            assertTrue(driver.findElement(By.cssSelector("p.notice")).getText().contains("with your files"));
            String caseUrl = driver.getCurrentUrl();
            // The handler takes the case, and labels it.
            new Select(driver.findElement(By.id("assignee"))).selectByVisibleText("Harriet Handler");
            browser.clickAndWaitForPage(By.id("save-assignee"));
            assertEquals("Harriet Handler", browser.visible(By.id("case-assignee")).getText());
            driver.findElement(By.id("labels")).sendKeys("retaliation risk, urgent");
            browser.clickAndWaitForPage(By.id("save-labels"));
            assertEquals("retaliation risk; urgent", browser.visible(By.id("case-labels")).getText());
            assertNoSidewaysScroll(driver);
            driver.manage().deleteAllCookies();

            // The reporter reads the reply and the clocks, saves the handler's picture, and answers.
            browser.get(base + "report/follow-up");
            driver.findElement(By.id("receipt-input")).sendKeys(receipt);
            browser.clickAndWaitForPage(By.id("open"));
            assertTrue(driver.findElement(By.id("messages")).getText().contains("We are raising caseloads"));
            String facts = driver.findElement(By.id("case-facts")).getText();
            assertTrue(facts.contains("Acknowledgement due by") && facts.contains("(acknowledged ")
                    && facts.contains("Feedback due by"), facts);
            browser.screenshot(Path.of("target", "screenshots", "report-thread-phone.png"));
            assertNoSidewaysScroll(driver);
            driver.findElement(By.xpath("//ol[@id='messages']//button[contains(., 'caseload-chart.png')]")).click();
            Path saved = browser.waitForDownload("caseload-chart");
            assertTrue(javax.imageio.ImageIO.read(saved.toFile()) != null, "the picture arrives as a picture");
            driver.findElement(By.id("message")).sendKeys("Thank you. The rota for April is the same.");
            browser.clickAndWaitForPage(By.id("reply"));
            assertTrue(driver.findElement(By.id("messages")).getText().contains("The rota for April is the same."));
            driver.manage().deleteAllCookies();

            // The handler reads the answer and concludes the case; the reporter sees it concluded.
            signIn(browser, handler);
            browser.get(caseUrl);
            driver.findElement(By.id("key-passphrase")).sendKeys(KEY_PASSPHRASE);
            browser.clickAndWaitForPage(By.id("open-case"));
            assertTrue(browser.visible(By.id("messages")).getText().contains("The rota for April is the same."));
            new Select(driver.findElement(By.id("conclude-category"))).selectByVisibleText("Unsafe caseloads");
            browser.clickAndWaitForPage(By.id("conclude"));
            assertEquals("concluded", browser.visible(By.id("case-status")).getText());
            assertEquals("Unsafe caseloads", browser.visible(By.id("case-category")).getText());
            browser.screenshot(Path.of("target", "screenshots", "handler-case-concluded-phone.png"));
            driver.manage().deleteAllCookies();
            browser.get(base + "report/follow-up");
            driver.findElement(By.id("receipt-input")).sendKeys(receipt);
            browser.clickAndWaitForPage(By.id("open"));
            assertEquals("concluded", browser.visible(By.id("case-status")).getText());
        }
    }

    private void signIn(Browser browser, String username) {
        WebDriver driver = browser.driver();
        browser.get(base + "login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.clickAndWaitForPage(driver.findElement(By.id("password"))
                .findElement(By.xpath("./ancestor::form//button[@type='submit']")));
    }

    private static void assertNoSidewaysScroll(WebDriver driver) {
        Object wide = ((JavascriptExecutor) driver).executeScript(
                "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                        + ".filter(e => e.getBoundingClientRect().right > w + 1)"
                        + ".map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8).join(' ')");
        assertEquals("", wide, "elements wider than a phone screen");
    }
}
