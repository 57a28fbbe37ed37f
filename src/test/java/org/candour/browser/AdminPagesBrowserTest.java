package org.candour.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Staff;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;

/**
 * The admin's path through the pages in real headless Chromium: sign in, create an organisation,
 * import units (good file, then a bad one that must change nothing), create a survey from the
 * probation template, open it, sign out.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class AdminPagesBrowserTest {

    /** The "title" of src/main/resources/survey-templates/probation-wellbeing.json. */
    private static final String TEMPLATE_TITLE = "Probation staff wellbeing and workload survey";

    private static final List<String> UNIT_NAMES = List.of("Browser region", "Browser North PDU",
            "Browser South PDU", "Browser team one", "Browser team two", "Browser team three");

    @TestHTTPResource("/")
    URL base;

    @Test
    void adminSignsInImportsUnitsCreatesAndOpensASurveyAndSignsOut() throws IOException {
        Browser.assumeAvailable();
        Path work = Files.createTempDirectory("candour-browser-test");
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();

            // --- Sign-in form, and the first Tab reaches the skip link.
            browser.get(url("login"));
            browser.visible(By.id("username"));
            new Actions(driver).sendKeys(Keys.TAB).perform();
            WebElement focused = driver.switchTo().activeElement();
            assertEquals("Skip to content", focused.getText().trim(), "the first Tab should focus the skip link");
            assertTrue(focused.getAttribute("href").endsWith("#main"), focused.getAttribute("href"));

            driver.findElement(By.id("username")).sendKeys(Staff.ADMIN);
            driver.findElement(By.id("password")).sendKeys(Staff.ADMIN_PASSWORD);
            browser.clickAndWaitForPage(submitOf(driver.findElement(By.id("password"))));
            assertPath(driver, "/admin");
            assertEquals("Organisations", browser.visible(By.tagName("h1")).getText());

            // --- A new organisation, with a slug no other test uses.
            String slug = "browser-" + String.format(Locale.ROOT, "%09d", new SecureRandom().nextInt(1_000_000_000));
            String orgName = "Browser test union " + slug.substring(8);
            driver.findElement(By.id("org-name")).sendKeys(orgName);
            driver.findElement(By.id("org-slug")).sendKeys(slug);
            browser.clickAndWaitForPage(submitOf(driver.findElement(By.id("org-slug"))));
            assertPath(driver, "/admin/orgs/" + slug);
            assertEquals(orgName, driver.findElement(By.tagName("h1")).getText());
            assertEquals("Created.", notice(driver));

            // --- Import six units from a CSV file.
            Path good = work.resolve("units.csv");
            Files.writeString(good, String.join("\n",
                    "id,name,parent_id",
                    "reg,Browser region,",
                    "pdu-n,Browser North PDU,reg",
                    "pdu-s,Browser South PDU,reg",
                    "t1,Browser team one,pdu-n",
                    "t2,Browser team two,pdu-n",
                    "t3,Browser team three,pdu-s") + "\n", StandardCharsets.UTF_8);
            upload(browser, good);
            assertPath(driver, "/admin/orgs/" + slug);
            assertTrue(notice(driver).startsWith("Import done: 6 units created"), notice(driver));
            assertUnitTree(driver);
            // The tree's indentation follows the levels: a team sits two levels below the region.
            assertEquals("depth-2", driver.findElement(By.xpath(
                    "//table[contains(@class,'units')]//td[normalize-space(.)='Browser team one']"))
                    .getAttribute("class"));

            // --- A bad file: a cycle (lines 2 and 3) and an unknown parent (line 4). Nothing is imported.
            Path bad = work.resolve("bad-units.csv");
            Files.writeString(bad, String.join("\n",
                    "id,name,parent_id",
                    "a,Cycle unit A,b",
                    "b,Cycle unit B,a",
                    "c,Orphan unit,nowhere") + "\n", StandardCharsets.UTF_8);
            upload(browser, bad);
            String alert = browser.visible(By.cssSelector("p.error[role='alert']")).getText();
            assertTrue(alert.contains("3 problems"), alert);
            List<String> problems = driver.findElements(By.cssSelector("ul.problems li")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(3, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("line 2:") && problems.get(0).contains("cycle"), problems.toString());
            assertTrue(problems.get(1).startsWith("line 3:") && problems.get(1).contains("cycle"), problems.toString());
            assertTrue(problems.get(2).startsWith("line 4:") && problems.get(2).contains("unknown parent"),
                    problems.toString());

            browser.get(url("admin/orgs/" + slug));
            assertUnitTree(driver);
            String page = driver.findElement(By.tagName("main")).getText();
            assertTrue(!page.contains("Cycle unit") && !page.contains("Orphan unit"), "nothing half-imported");

            // --- A draft survey from the probation template (the preselected choice).
            browser.clickAndWaitForPage(By.linkText("New survey"));
            assertPath(driver, "/admin/orgs/" + slug + "/surveys/new");
            WebElement template = driver.findElement(By.id("template-probation-wellbeing"));
            assertTrue(template.isSelected(), "the probation template is preselected");
            browser.clickAndWaitForPage(By.xpath("//button[normalize-space(.)='Create draft survey']"));
            assertTrue(driver.getCurrentUrl().contains("/admin/surveys/"), driver.getCurrentUrl());
            assertEquals("DRAFT", driver.findElement(By.id("survey-status")).getText());
            assertEquals(TEMPLATE_TITLE, driver.findElement(By.tagName("h1")).getText());
            assertEquals("Created.", notice(driver));

            // --- Generate invitations for the region (six units, k = 10): the codes download once as CSV.
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("invite-unit")))
                    .selectByVisibleText("Browser region");
            WebElement count = driver.findElement(By.id("invite-count"));
            count.clear();
            count.sendKeys("10");
            driver.findElement(By.id("invite")).click();
            Path csv = browser.waitForDownload("invitations-");
            List<String> lines = Files.readAllLines(csv);
            assertEquals("code,unit_id,unit_name", lines.get(0));
            assertEquals(11, lines.size(), "ten codes");
            assertTrue(lines.get(1).matches("([0-9A-Z]{4}-){6}[0-9A-Z]{4},.*"), lines.get(1));
            driver.navigate().refresh();
            browser.textContains(By.tagName("caption"), "10 invitations");

            // --- Name three trustees, 2 of 3 (the template asks for comments, which are sealed to them).
            List<org.candour.support.Trustees.Trustee> trustees = org.candour.support.Trustees.shared();
            driver.navigate().refresh();
            for (org.candour.support.Trustees.Trustee t : trustees) {
                driver.findElement(By.cssSelector("#custody-form input[value='" + t.username() + "']")).click();
            }
            WebElement threshold = driver.findElement(By.id("custody-threshold"));
            threshold.clear();
            threshold.sendKeys("2");
            browser.clickAndWaitForPage(By.id("save-custody"));
            assertEquals("Trustees saved.", notice(driver));
            assertEquals("2 of 3 trustees unlock the comments.", driver.findElement(By.id("custody-summary")).getText());

            // --- Opening waits for two trustees to approve the issuing plan; they do (on their own pages).
            assertTrue(driver.findElement(By.id("plan-approvals")).getText().startsWith("0 of 2 trustee approvals"),
                    driver.findElement(By.id("plan-approvals")).getText());
            org.candour.support.Trustees.approve(driver.getCurrentUrl().replaceAll("^.*/admin/surveys/([0-9a-f-]+).*$", "$1"));
            driver.navigate().refresh();
            assertTrue(driver.findElement(By.id("plan-approvals")).getText().contains("the survey can open"),
                    driver.findElement(By.id("plan-approvals")).getText());

            // --- Open it, announcing a closing day a week on: questions and k are frozen.
            WebElement closesOn = driver.findElement(By.id("closes-on"));
            String closingDay = java.time.LocalDate.parse(closesOn.getAttribute("min")).plusDays(7).toString();
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", closesOn,
                    closingDay);
            browser.clickAndWaitForPage(By.id("open-survey"));
            assertEquals("OPEN", driver.findElement(By.id("survey-status")).getText());
            assertTrue(notice(driver).startsWith("The survey is open."), notice(driver));
            assertTrue(driver.findElement(By.id("close-survey")).isDisplayed());
            assertTrue(driver.findElements(By.id("open-survey")).isEmpty());
            assertTrue(driver.findElement(By.id("closing-day")).getText().startsWith(
                    org.candour.survey.ClosingChange.day(java.time.LocalDate.parse(closingDay))),
                    driver.findElement(By.id("closing-day")).getText());
            assertTrue(driver.findElements(By.id("definition")).isEmpty(), "an open survey offers no editing");
            assertTrue(driver.findElements(By.id("custody-form")).isEmpty(), "nor changing its trustees");
            assertTrue(driver.findElement(By.id("custody-trustees")).getText().contains("share 1"));
            browser.screenshot(Path.of("target", "screenshots", "admin-survey.png"));

            // The survey is listed on its organisation's page as open.
            browser.clickAndWaitForPage(By.linkText(orgName));
            WebElement row = driver.findElement(By.xpath("//a[normalize-space(.)='" + TEMPLATE_TITLE + "']/ancestor::tr"));
            assertTrue(row.getText().contains("OPEN"), row.getText());

            // The console (where the driver offers it) shows no CSP violation and no other page error.
            // Failed resource loads are expected: the deliberate 400 above and /favicon.ico (none exists).
            List<String> errors = browser.consoleLog().stream()
                    .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                    .map(LogEntry::getMessage)
                    .filter(m -> !m.contains("Failed to load resource"))
                    .toList();
            assertTrue(errors.stream().noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to")),
                    "CSP violations: " + errors);
            assertTrue(errors.isEmpty(), "browser console errors: " + errors);

            // --- Sign out; the admin pages send us back to the sign-in form.
            browser.clickAndWaitForPage(By.xpath("//header//button[starts-with(normalize-space(.),'Sign out')]"));
            assertPath(driver, "/login");
            browser.get(url("admin"));
            assertPath(driver, "/login");
            assertEquals("Staff sign-in", browser.visible(By.tagName("h1")).getText());
            assertTrue(driver.findElements(By.xpath("//button[starts-with(normalize-space(.),'Sign out')]")).isEmpty());
        } finally {
            try (var files = Files.list(work)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(work);
        }
    }

    private String url(String path) {
        return base.toString().replaceAll("/+$", "") + "/" + path;
    }

    private static void assertPath(WebDriver driver, String path) {
        String now = java.net.URI.create(driver.getCurrentUrl()).getPath();
        assertEquals(path, now, "at " + driver.getCurrentUrl() + ": " + driver.findElement(By.tagName("body")).getText());
    }

    private static String notice(WebDriver driver) {
        return driver.findElement(By.cssSelector("p.notice[role='status']")).getText();
    }

    /** The submit button of the form holding {@code field}. */
    private static WebElement submitOf(WebElement field) {
        return field.findElement(By.xpath("./ancestor::form//button[@type='submit']"));
    }

    private static void upload(Browser browser, Path file) {
        WebElement input = browser.driver().findElement(By.id("units-file"));
        input.sendKeys(file.toAbsolutePath().toString());
        browser.clickAndWaitForPage(submitOf(input));
    }

    private static void assertUnitTree(WebDriver driver) {
        List<String> names = driver.findElements(By.cssSelector("table.units tbody tr td:first-child")).stream()
                .map(e -> e.getText().trim()).toList();
        assertEquals(6, names.size(), "units in the tree: " + names);
        assertTrue(names.containsAll(UNIT_NAMES), names.toString());
        assertTrue(driver.findElement(By.cssSelector("table.units caption")).getText().contains("(6 units)"));
    }
}
