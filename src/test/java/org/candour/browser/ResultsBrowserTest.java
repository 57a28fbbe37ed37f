package org.candour.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.results.ResultsApiTest;
import org.candour.support.Fixtures;
import org.candour.support.Fixtures.OpenSurvey;
import org.candour.support.Staff;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * In real Chromium: the results dashboard's charts carry text alternatives, and the withheld unit's
 * alternative, its row and its table cell hold no number at all, for a multi-choice question's
 * options too.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class ResultsBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void theDashboardShowsNoNumberForAWithheldUnit() {
        Browser.assumeAvailable();
        OpenSurvey s = ResultsApiTest.closedWithResults();
        try (Browser browser = Browser.start()) {
            WebDriver driver = signIn(browser);
            browser.get(base + "admin/surveys/" + s.id() + "/results");
            assertEquals("Results: Probation staff wellbeing and workload survey", browser.visible(By.tagName("h1")).getText());

            WebElement question = driver.findElement(By.id("q-workload-manageable"));
            List<String> alternatives = question.findElements(By.cssSelector("[role='img']")).stream()
                    .map(e -> e.getAttribute("aria-label")).toList();
            assertTrue(alternatives.stream().anyMatch(a -> a.startsWith("Whole organisation, 17 respondents: ")),
                    alternatives.toString());
            assertTrue(alternatives.stream().anyMatch(a -> a.startsWith("Region, 17 respondents: ")), alternatives.toString());
            String teamA = alternatives.stream().filter(a -> a.startsWith("Team A")).findFirst().orElseThrow();
            assertFalse(teamA.replace("fewer than 10", "").matches(".*\\d.*"), "a number for the withheld unit: " + teamA);
            for (WebElement svg : question.findElements(By.cssSelector("svg.bar"))) {
                assertFalse(svg.findElement(By.tagName("title")).getAttribute("textContent").isBlank());
            }
            // Counts are written on the bars, and each is one the bar's text alternative names.
            WebElement whole = question.findElements(By.cssSelector("svg.bar")).get(0);
            List<String> numbers = whole.findElements(By.tagName("text")).stream().map(WebElement::getText).toList();
            assertFalse(numbers.isEmpty(), "no count on the organisation's bar");
            for (String n : numbers) {
                assertTrue(n.matches("\\d+") && whole.getAttribute("aria-label").contains(" " + n + " ("),
                        n + " vs " + whole.getAttribute("aria-label"));
            }
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", question);
            browser.screenshot(java.nio.file.Path.of("target", "screenshots", "results-dashboard.png"));
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", question);
            browser.screenshot(java.nio.file.Path.of("target", "screenshots", "results-dashboard-phone.png"));
            // At phone width the dashboard does not scroll sideways.
            Object wide = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                            + ".filter(e => e.getBoundingClientRect().right > w + 1)"
                            + ".map(e => e.tagName + '.' + e.className.baseVal + e.className + '#' + e.id).slice(0, 8).join(' ')");
            assertEquals("", wide, "elements wider than a phone screen");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
            // The response-rate table marks Team A and shows it no number either.
            WebElement row = driver.findElement(By.xpath("//table[@id='participation']//tr[th[normalize-space(.)='Team A']]"));
            assertEquals("true", row.getAttribute("data-suppressed"));
            assertFalse(row.getText().replace("fewer than k", "").matches("(?s).*\\d.*"), row.getText());

            // A multi-choice question: one chart per option, each with the same protection.
            WebElement multi = driver.findElement(By.id("q-workload-effects"));
            List<String> options = multi.findElements(By.cssSelector("[role='img']")).stream()
                    .map(e -> e.getAttribute("aria-label")).toList();
            assertTrue(options.contains("Whole organisation, 17 respondents: Chose it 0 (0%); Did not choose it, or did not "
                    + "answer 17 (100%)."), options.toString());
            List<String> optionTeamA = options.stream().filter(a -> a.startsWith("Team A")).toList();
            assertEquals(multi.findElements(By.tagName("h3")).size(), optionTeamA.size(), "Team A once per option");
            assertTrue(optionTeamA.stream().noneMatch(a -> a.replace("fewer than 10", "").matches(".*\\d.*")),
                    optionTeamA.toString());

            // The question's own page, reached from its link: the organisation's bars, the same unit rows.
            browser.clickAndWaitForPage(question.findElement(By.linkText("This question on its own page")));
            assertEquals("My workload is manageable within my contracted hours.",
                    browser.visible(By.tagName("h1")).getText());
            List<String> bars = driver.findElements(By.cssSelector(".distribution [role='img']")).stream()
                    .map(e -> e.getAttribute("aria-label")).toList();
            assertFalse(bars.isEmpty(), "the organisation's distribution is drawn");
            assertTrue(bars.stream().allMatch(a -> a.matches(".+: \\d+ of 17 respondents \\(\\d+%\\)\\.")), bars.toString());
            String pageTeamA = driver.findElements(By.cssSelector("[role='img']")).stream()
                    .map(e -> e.getAttribute("aria-label")).filter(a -> a.startsWith("Team A")).findFirst().orElseThrow();
            assertFalse(pageTeamA.replace("fewer than 10", "").matches(".*\\d.*"), "a number for the withheld unit: " + pageTeamA);

            List<String> errors = browser.consoleLog().stream().map(LogEntry::getMessage)
                    .filter(m -> m.contains("Content Security Policy") || m.contains("SEVERE")).toList();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }

    /** A question broken down by role: Chromium reads each band row's text alternative; Team A's PSOs show no small number. */
    @Test
    void aBreakdownChartCarriesTextAlternativesAndNoSmallFigure() {
        Browser.assumeAvailable();
        OpenSurvey s = ResultsApiTest.closedWithBreakdown();
        try (Browser browser = Browser.start()) {
            WebDriver driver = signIn(browser);
            browser.get(base + "admin/surveys/" + s.id() + "/results/questions/workload-manageable");
            assertEquals("Broken down by “Which of these best describes your role?”",
                    browser.visible(By.id("demographics-h")).getText());
            List<String> rows = driver.findElements(By.cssSelector("#demographics-h ~ .chart [role='img']")).stream()
                    .map(e -> e.getAttribute("aria-label")).toList();
            assertTrue(rows.contains("Whole organisation: Probation officer (PO), 20 respondents: Positive (Agree, Strongly "
                    + "agree) 10 (50%); Neutral (Neither agree nor disagree) 0 (0%); Negative (Strongly disagree, Disagree) "
                    + "10 (50%); No answer 0 (0%)."), rows.toString());
            String pso = rows.stream().filter(a -> a.startsWith("Team A: Probation services officer (PSO)")).findFirst()
                    .orElseThrow(() -> new AssertionError(rows.toString()));
            assertFalse(pso.contains(" 7 ") || pso.contains(" 3 "), "the PSOs' 7 positive and 3 negative: " + pso);
            List<String> errors = browser.consoleLog().stream().map(LogEntry::getMessage)
                    .filter(m -> m.contains("Content Security Policy") || m.contains("SEVERE")).toList();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }

    /**
     * A question broken down by role and then length of service: Chromium reads the second section's
     * text alternatives, where Team A's POs of under 2 years (5) and of 2 to 5 years (5) are one row.
     */
    @Test
    void aChainedBreakdownShowsASectionPerDemographicAndNoSmallBand() {
        Browser.assumeAvailable();
        OpenSurvey s = ResultsApiTest.closedWithChain();
        try (Browser browser = Browser.start()) {
            WebDriver driver = signIn(browser);
            browser.get(base + "admin/surveys/" + s.id() + "/results/questions/workload-manageable");
            assertEquals("Broken down by “Which of these best describes your role?”",
                    browser.visible(By.id("demographics-h")).getText());
            assertEquals("Broken down by “How long have you worked in probation?”",
                    browser.visible(By.id("demographics-h-2")).getText());
            List<String> rows = driver.findElements(By.cssSelector("#demographics-h-2 ~ .chart [role='img']")).stream()
                    .map(e -> e.getAttribute("aria-label")).toList();
            assertTrue(rows.stream().anyMatch(a -> a.startsWith("Team A: other bands together (Less than 2 years, 2 to 5 years),"
                    + " 10 respondents")), rows.toString());
            assertTrue(rows.stream().noneMatch(a -> a.contains(": Less than 2 years,") || a.contains(": 2 to 5 years,")),
                    "no row for one small length of service: " + rows);
            List<String> errors = browser.consoleLog().stream().map(LogEntry::getMessage)
                    .filter(m -> m.contains("Content Security Policy") || m.contains("SEVERE")).toList();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }

    /**
     * While a survey is open its results page shows one band for the whole survey and the number
     * invited, reached from the survey's own page by following links, and nothing per unit.
     */
    @Test
    void theOpenViewShowsOnlyTheSurveyWideBand() {
        Browser.assumeAvailable();
        OpenSurvey s = Fixtures.openSurvey();
        for (int i = 0; i < 3; i++) {
            ResultsApiTest.spend(s, s.teamA().get(i), 4, i);
        }
        try (Browser browser = Browser.start()) {
            WebDriver driver = signIn(browser);
            browser.get(base + "admin/surveys/" + s.id());
            browser.clickAndWaitForPage(driver.findElement(By.id("results-link")));
            List<String> rows = driver.findElements(By.cssSelector("#open-count tr")).stream().map(WebElement::getText)
                    .toList();
            assertEquals(List.of("Responses fewer than 10", "Invited 22"), rows);
            String page = driver.findElement(By.tagName("main")).getText();
            for (String unit : List.of("Team A", "Team B", "Region")) {
                assertFalse(page.contains(unit), "nothing per unit while open: " + unit);
            }
            browser.clickAndWaitForPage(driver.findElement(By.linkText("Release ledger")));
            assertTrue(driver.findElement(By.id("ledger")).getText().contains("fewer than 10"));
        }
    }

    private WebDriver signIn(Browser browser) {
        WebDriver driver = browser.driver();
        browser.get(base + "login");
        driver.findElement(By.id("username")).sendKeys(Staff.ADMIN);
        driver.findElement(By.id("password")).sendKeys(Staff.ADMIN_PASSWORD);
        browser.clickAndWaitForPage(driver.findElement(By.id("password"))
                .findElement(By.xpath("./ancestor::form//button[@type='submit']")));
        return driver;
    }
}
