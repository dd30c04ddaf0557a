package io.orchestrate.testkit;

import static io.orchestrate.testkit.HeadlessChromium.text;
import static io.orchestrate.testkit.HeadlessChromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

/**
 * The web UI as deployed: three managers with mutual TLS and API tokens, reached by a real headless
 * Chromium that trusts the cluster's CA and holds a client certificate of it, as the README tells
 * a user to set their browser up. Without the certificate the page does not load at all; with it
 * and a token, a submitted job's tasks turn RUNNING on the page and a new leader shows after a
 * failover, every call the page makes (to other managers too) over mutual TLS.
 *
 * <p>Needs Debian's chromium, chromium-driver and libnss3-tools, and the certificate policy that
 * ops/ci/setup-browser.sh installs; skipped without them unless {@code CI=true}, where their
 * absence fails it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiTlsIT {
  private static final String JOB = """
      name: secured
      tasks:
        - name: api
          image: local/busybox:1
          command: ["sh", "-c", "sleep 600"]
          count: 2
          resources: {cpu: 0.5, memoryMb: 64}
      """;

  @TempDir Path dir;
  MiniCluster c;
  String token;

  @BeforeAll
  void start(@TempDir Path root) {
    c = MiniCluster.start(root, 3, b -> b.acl(true).heartbeatInterval(Duration.ofMillis(250)), true);
    token = c.bootstrapAcl().path("secret").asText();
    c.startWorker("w1", "process", Resources.of(4, 1024, 1000));
  }

  @AfterAll
  void stop() {
    if (c != null) c.close();
  }

  @Test
  void aBrowserWithAClientCertificateOfTheClusterSeesTasksRunAndANewLeaderWithoutAReload() throws IOException {
    HeadlessChromium.require(BrowserProfile.available(), "certutil/pk12util (libnss3-tools) or " + BrowserProfile.POLICY);
    String follower = c.follower().id();
    String origin = "https://" + c.api(follower);

    // The CA trusted, no certificate: the handshake fails and no page comes.
    WebDriver stranger = HeadlessChromium.start(BrowserProfile.home(dir.resolve("stranger"), c.pki().caFile(), null));
    try {
      // Chromium reports the refused handshake as an error page, which the driver raises (or shows, by version).
      try {
        stranger.get(origin + "/ui");
        assertThat(stranger.findElements(By.id("login"))).as("a browser without a client certificate gets no page").isEmpty();
      } catch (WebDriverException refused) {
        assertThat(refused.getMessage()).as("the handshake is what failed").contains("ERR_BAD_SSL_CLIENT_AUTH_CERT");
      }
    } finally {
      stranger.quit();
    }

    WebDriver browser = HeadlessChromium.start(BrowserProfile.home(dir.resolve("alice"), c.pki().caFile(), c.pki().client("alice")));
    try {
      String oldLeader = c.leader().id();
      browser.get(origin + "/ui#/cluster");
      waitFor(browser, "the token form", () -> browser.findElement(By.id("login")).isDisplayed());
      browser.findElement(By.id("token")).sendKeys(token);
      browser.findElement(By.cssSelector("#login button[type=submit]")).click();
      waitFor(browser, "the cluster page naming the leader " + oldLeader,
          () -> text(browser, "cluster-leader").equals(oldLeader) && browser.findElements(By.cssSelector("tr[data-member]")).size() == 3);
      waitFor(browser, "the event stream", () -> browser.findElement(By.id("stream")).getText().startsWith("stream: live"));

      browser.findElement(By.cssSelector("a[data-nav=jobs]")).click();
      waitFor(browser, "the jobs page", () -> !browser.findElements(By.id("jobs-view")).isEmpty());
      HttpApi.Reply sent = c.http().postFollowing(c.api(oldLeader), "/v1/jobs", JOB.getBytes(StandardCharsets.UTF_8), HttpApi.bearer(token), 3);
      assertThat(sent.status()).as(sent.text()).isEqualTo(201);
      String job = sent.json().path("id").asText();
      waitFor(browser, "job " + job + " listed", () -> !browser.findElements(By.cssSelector("tr[data-job='" + job + "']")).isEmpty());
      // The list re-renders as the job's tasks change, so a found link can go stale before the click lands: retry.
      waitFor(browser, "the page of job " + job, () -> {
        if (browser.findElements(By.id("job-view")).isEmpty()) {
          browser.findElement(By.cssSelector("tr[data-job='" + job + "'] a")).click();
        }
        return !browser.findElements(By.id("job-view")).isEmpty();
      });
      waitFor(browser, "2 tasks RUNNING", () -> {
        List<WebElement> states = browser.findElements(By.cssSelector("#job-view tr[data-task] td.task-state"));
        return states.size() == 2 && states.stream().allMatch(s -> s.getText().equals("RUNNING"));
      });

      browser.findElement(By.cssSelector("a[data-nav=cluster]")).click();
      waitFor(browser, "the cluster page", () -> text(browser, "cluster-leader").equals(oldLeader));
      assertThat(oldLeader).as("the page came from a follower, so it outlives the leader").isNotEqualTo(follower);
      c.kill(oldLeader);
      String newLeader = c.leader().id();
      waitFor(browser, "the new leader " + newLeader + " on the page",
          () -> text(browser, "cluster-leader").equals(newLeader) && text(browser, "leader").equals(newLeader));
      c.restart(oldLeader);
    } finally {
      browser.quit();
    }
  }
}
