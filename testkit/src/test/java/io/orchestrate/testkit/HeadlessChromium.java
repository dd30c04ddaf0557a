package io.orchestrate.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and chromium-driver for the web UI's browser tests: starting one, reading and waiting on its page. */
final class HeadlessChromium {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** How long a page may take to show what a test waits for (the event stream and a failover included). */
  static final Duration WAIT = Duration.ofSeconds(45);

  private HeadlessChromium() {}

  /**
   * Skips the test when the browser (or {@code more}, what else it needs) is absent, except with
   * {@code CI=true}, where that absence fails it: CI installs them (ops/ci/setup-browser.sh).
   */
  static void require(boolean more, String moreWhat) {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) && more;
    String what = CHROMIUM + ", " + CHROMEDRIVER + (moreWhat == null ? "" : " or " + moreWhat);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but " + what + " is missing: ops/ci/setup-browser.sh installs them");
    }
    assumeTrue(present, what + " missing (ops/ci/setup-browser.sh installs them)");
  }

  /** A headless browser; with {@code home}, Chromium reads its certificates and trusted CAs from {@code home/.pki/nssdb}. */
  static WebDriver start(Path home) {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    // --no-sandbox: the tests may run as root (CI does), where Chromium's sandbox refuses to start.
    o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,640",
        "--force-device-scale-factor=1");
    ChromeDriverService.Builder service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile());
    // The driver passes its environment on to the browser it starts.
    if (home != null) service.withEnvironment(Map.of("HOME", home.toString()));
    return new ChromeDriver(service.build(), o);
  }

  /** The text of the element with {@code id}, or "" when the page has none. */
  static String text(WebDriver b, String id) {
    List<WebElement> e = b.findElements(By.id(id));
    return e.isEmpty() ? "" : e.get(0).getText();
  }

  /** Waits for {@code what} on the page; on a timeout, says what the page showed. */
  static void waitFor(WebDriver b, String what, Callable<Boolean> condition) {
    try {
      await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " did not show within " + WAIT + "; the page showed:\n"
          + b.findElement(By.tagName("body")).getText(), e);
    }
  }
}
