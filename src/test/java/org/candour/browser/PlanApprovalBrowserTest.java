package org.candour.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.candour.db.EmbeddedPostgresTestResource;
import org.candour.support.Fixtures;
import org.candour.support.Invitations;
import org.candour.support.Staff;
import org.candour.support.Trustees;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A trustee reads a draft's issuing plan on /trustee in Chromium and approves it; once the survey has
 * opened, its public page on a phone-sized window shows each key's units and leads to /pass.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresTestResource.class)
class PlanApprovalBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aTrusteeApprovesThePlanAndThePublicPageShowsItOnAPhone() {
        Browser.assumeAvailable();
        String id = Fixtures.draft("plan-browser", "id,name,parent_id\nr,Region,\nt,Team,r\nsolo,Sam Solo,r\n");
        Invitations.generate(id, "t", 10);
        Invitations.generate(id, "solo", 10);
        Trustees.assign(id);
        Trustees.Trustee trustee = Trustees.shared().get(0);

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            browser.get(base + "login");
            driver.findElement(By.id("username")).sendKeys(trustee.username());
            driver.findElement(By.id("password")).sendKeys(Trustees.PASSWORD);
            browser.clickAndWaitForPage(By.xpath("//button[normalize-space(.)='Sign in']"));
            browser.get(base + "trustee");

            WebElement plan = browser.visible(By.id("plan-" + id));
            List<String> captions = plan.findElements(By.tagName("caption")).stream().map(WebElement::getText).toList();
            assertEquals(List.of("Key of Sam Solo (solo): 10 invitations", "Key of Team (t): 10 invitations"), captions);
            assertTrue(plan.getText().contains("Approved by 0 of the 2 needed."), plan.getText());
            browser.clickAndWaitForPage(plan.findElement(By.xpath(".//button[normalize-space(.)='Approve this issuing plan']")));
            assertTrue(browser.visible(By.cssSelector("p.notice")).getText().startsWith("Your approval of the issuing plan"));
            plan = browser.visible(By.id("plan-" + id));
            assertTrue(plan.getText().contains("Approved by 1 of the 2 needed: " + trustee.username() + "."), plan.getText());
            assertTrue(plan.getText().contains("You have approved this plan."), plan.getText());
            assertTrue(plan.findElements(By.tagName("button")).isEmpty(), "no second approval button");

            Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(409);
            Trustees.approveRequest(Trustees.shared().get(1), id, Staff.admin().get("/api/admin/surveys/" + id + "/plan")
                    .then().extract().path("planDigest")).then().statusCode(200);
            Staff.admin().post("/api/admin/surveys/" + id + "/open").then().statusCode(200);

            // The public page on a phone: nothing wider than the screen, one table per key, the way to a pass.
            driver.manage().window().setSize(new Dimension(390, 844));
            browser.get(base + "s/" + id);
            Object overflow = ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertEquals(0L, ((Number) overflow).longValue(), "the page scrolls sideways on a phone");
            List<WebElement> keys = driver.findElements(By.cssSelector("table.plan-key"));
            assertEquals(2, keys.size());
            assertTrue(keys.stream().anyMatch(k -> k.getText().contains("Sam Solo: 10 invitations")
                    && k.findElements(By.cssSelector("tbody tr")).size() == 1), "the unit of one shows as its own key");
            List<WebElement> passLinks = driver.findElements(By.cssSelector("a[href='/pass']"));
            assertEquals(1, passLinks.size());
            assertEquals("Get your survey pass", passLinks.get(0).getText());
            browser.clickAndWaitForPage(passLinks.get(0));
            assertTrue(driver.getCurrentUrl().endsWith("/pass"), driver.getCurrentUrl());
        }
    }
}
