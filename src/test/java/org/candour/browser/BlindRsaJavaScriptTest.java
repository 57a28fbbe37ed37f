package org.candour.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Runs the browser half of RFC 9474 ({@code /js/blind-rsa.js}) in headless Chromium, under the
 * app's own Content-Security-Policy: the RFC 9474 Appendix A.1 known-answer vector for
 * RSABSSA-SHA384-PSS-Randomized, a fresh random round trip and negative checks. The checks live in
 * {@code src/test/resources/META-INF/resources/test/blind-rsa-vectors.js}, served from the test
 * classpath only.
 */
@QuarkusTest
@WithTestResource(org.candour.db.EmbeddedPostgresTestResource.class)
class BlindRsaJavaScriptTest {

    @TestHTTPResource("/test/blind-rsa-vectors.html")
    URL page;

    @Test
    void blindRsaModulePassesTheRfc9474VectorsInChromium() {
        Browser.assumeAvailable();
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            browser.get(page.toString());
            String result = new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
                String text = d.findElement(By.id("result")).getText().trim();
                return text.startsWith("PASS") || text.startsWith("FAIL") ? text : null;
            });
            String details = driver.findElement(By.id("details")).getText();
            assertEquals("PASS", result, "checks in the browser:\n" + details);
            assertTrue(details.contains("PASS vector: blinded_msg") && details.contains("PASS vector: finalize gives sig")
                    && details.contains("PASS random: finalizeAndVerify accepts the blind signature"),
                    "expected the vector and round-trip checks to have run:\n" + details);

            List<String> console = browser.consoleLog().stream().map(LogEntry::getMessage).toList();
            assertTrue(console.stream().noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to")),
                    "CSP violations: " + console);
        }
    }
}
