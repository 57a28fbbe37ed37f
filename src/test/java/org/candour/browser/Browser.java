package org.candour.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Debian's chromedriver, for browser tests. Selenium Manager never
 * runs (no downloads). Use in try-with-resources; call {@link #assumeAvailable()} first so that a
 * developer without Chromium sees a skip and CI sees a failure.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** Skips the calling test without Chromium and chromedriver, or fails it under CI. */
    public static void assumeAvailable() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (present) {
            return;
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isEmpty()) {
            fail("CI must install chromium and chromium-driver (see .ci/run): " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing");
        }
        Assumptions.abort("Browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; "
                + "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver) to run them");
    }

    /** Starts a fresh headless Chromium with its own empty profile. */
    public static Browser start() {
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("candour-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
        // No "save password?" or breached-password bubbles over the page.
        // Downloads land in the throw-away profile, without asking.
        options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false,
                "profile.password_manager_enabled", false, "profile.password_manager_leak_detection", false,
                "download.default_directory", profile.resolve("downloads").toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        try {
            return new Browser(service, new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens an absolute address. */
    public Browser get(String url) {
        driver.get(url);
        return this;
    }

    /** Waits (up to 10 s) until the element is visible and returns it. */
    public WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits (up to 10 s) until the element is clickable and returns it. */
    public WebElement clickable(By by) {
        return wait.until(ExpectedConditions.elementToBeClickable(by));
    }

    /** Waits (up to 10 s) until the element's text contains {@code text} and returns the element. */
    public WebElement textContains(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return driver.findElement(by);
    }

    /** Waits (up to 10 s) until the address contains {@code fragment}. */
    public void urlContains(String fragment) {
        wait.until(ExpectedConditions.urlContains(fragment));
    }

    /** Waits (up to 10 s) for any condition. */
    public <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /**
     * Clicks something that loads a new page and waits until the old page is gone and the new one has
     * finished loading, so the next lookup never sees the old page.
     */
    /**
     * Finds the element afresh, clicks it and waits for the next page. Only finding and clicking
     * are retried (at most three times), when the page was still being swapped: once a click has
     * gone through it is never repeated.
     */
    public void clickAndWaitForPage(By by) {
        for (int attempt = 1; ; attempt++) {
            WebElement html = driver.findElement(By.tagName("html"));
            try {
                clickable(by).click();
            } catch (org.openqa.selenium.WebDriverException e) {
                if (attempt == 3 || !(e instanceof org.openqa.selenium.StaleElementReferenceException || isDetached(e))) {
                    throw e;
                }
                continue;
            }
            waitForNewPage(html);
            return;
        }
    }

    public void clickAndWaitForPage(WebElement element) {
        WebElement html = driver.findElement(By.tagName("html"));
        element.click();
        waitForNewPage(html);
    }

    /** Waits until {@code oldHtml} is gone and the new document has loaded. */
    private void waitForNewPage(WebElement oldHtml) {
        wait.until(d -> {
            try {
                oldHtml.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (isDetached(e)) {
                    return true;
                }
                throw e;
            }
        });
        wait.until(d -> {
            try {
                return "complete".equals(driver.executeScript("return document.readyState"));
            } catch (org.openqa.selenium.WebDriverException e) {
                return false;
            }
        });
    }

    private static boolean isDetached(org.openqa.selenium.WebDriverException e) {
        return e.getMessage() != null && e.getMessage().contains("does not belong to the document");
    }

    /** The page's {@code localStorage} item {@code key}, or null. */
    public String localStorage(String key) {
        return (String) driver.executeScript("return localStorage.getItem(arguments[0])", key);
    }

    /** Sets the page's {@code localStorage} item {@code key}. */
    public void localStorage(String key, String value) {
        driver.executeScript("localStorage.setItem(arguments[0], arguments[1])", key, value);
    }

    /** Waits (up to 10 s) for a finished download whose name starts with {@code prefix}. */
    public Path waitForDownload(String prefix) {
        // Chromium may show the final name before the bytes are in: wait until no download is in
        // progress and the file has content.
        return wait.until(d -> {
            try (var files = Files.list(downloads())) {
                List<Path> all = files.toList();
                if (all.stream().anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"))) {
                    return null;
                }
                for (Path f : all) {
                    if (f.getFileName().toString().startsWith(prefix) && Files.size(f) > 0) {
                        return f;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Where this browser saves downloads. */
    public Path downloads() {
        return profile.resolve("downloads");
    }

    /** The browser console since the last call, or an empty list when the driver does not offer it. */
    public List<LogEntry> consoleLog() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Saves a PNG of the visible window (parent directories are created). */
    public Path screenshot(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try {
                service.stop();
            } finally {
                deleteTree(profile);
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Chromium may still be writing into its profile as it exits; a leftover temp dir is harmless.
        }
    }
}
