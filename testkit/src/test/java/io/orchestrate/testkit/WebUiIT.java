package io.orchestrate.testkit;

import static io.orchestrate.testkit.HeadlessChromium.text;
import static io.orchestrate.testkit.HeadlessChromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web UI on three managers with tokens required and a process-driver worker: the static files
 * are served without a token while every API call still needs one, across-manager reads are allowed
 * for the cluster's own managers only, and, in a real headless Chromium, a submitted job appears,
 * its tasks turn RUNNING and a leader failover shows, all without a reload.
 *
 * <p>Plain HTTP (managers {@code --insecure --acl}): the page authenticates with the bearer token
 * alone, and a headless browser has no simple way to present a client certificate. Over TLS the
 * same page works once the browser holds a certificate of the cluster's CA (see the README).
 *
 * <p>The browser test is skipped when Debian's {@code chromium} and {@code chromium-driver} are not
 * installed, unless {@code CI=true}: then their absence fails it. Screenshots go to
 * {@code target/ui-screenshots}, or to {@code -Dorchestrate.uiScreenshots=DIR} (the README's come
 * from {@code ../docs/ui}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiIT {
  private static final String JOB = """
      name: web
      tasks:
        - name: api
          image: local/busybox:1
          command: ["sh", "-c", "echo api listening on :8080; echo 'GET /health 200'; echo 'no config file, using defaults' >&2; sleep 600"]
          count: 2
          resources: {cpu: 0.5, memoryMb: 64}
        - name: proxy
          image: local/busybox:1
          command: ["sh", "-c", "sleep 600"]
          resources: {cpu: 0.1, memoryMb: 32}
      """;

  MiniCluster c;
  String token;

  @BeforeAll
  void start(@TempDir Path dir) {
    c = MiniCluster.startWithAcl(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(250)));
    token = c.bootstrapAcl().path("secret").asText();
    c.startWorker("w1", "process", Resources.of(4, 1024, 1000));
  }

  @AfterAll
  void stop() {
    if (c != null) c.close();
  }

  @Test
  void theUiIsServedWithoutATokenButWhatItCallsNeedsOne() {
    String api = c.api(c.follower().id());
    HttpApi.Reply page = c.http().get(api, "/ui");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.text()).contains("/ui/app.js");
    HttpApi.Reply js = c.http().get(api, "/ui/api.js");
    assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(js.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(c.http().send("GET", api, "/ui/api.js", null, Map.of("If-None-Match", js.header("ETag"))).status()).isEqualTo(304);
    assertThat(c.http().get(api, "/v1/cluster").status()).as("the page's own calls need the token").isEqualTo(401);
    assertThat(c.http().get(api, "/v1/events?follow=false").status()).isEqualTo(401);
    assertThat(c.http().send("GET", api, "/v1/cluster", null, HttpApi.bearer(token)).status()).isEqualTo(200);
    assertThat(c.http().post(api, "/ui", new byte[0], Map.of()).status()).as("only GET is open").isEqualTo(401);
  }

  @Test
  void noRawRequestPathReachesAFileOutsideTheUi() {
    String api = c.api(c.follower().id());
    // Sent byte for byte: an HTTP client library would normalise these paths before sending.
    for (String path : List.of("/ui/../pom.xml", "/ui/%2e%2e/%2e%2e/pom.xml", "/ui/..%2fpom.xml", "/ui/%2F/etc/passwd",
        "/ui/../../../../etc/passwd", "/ui/files.txt")) {
      String head = rawGet(api, path);
      assertThat(head).as(path).startsWith("HTTP/1.1 404");
    }
  }

  @Test
  void onlyTheClustersOwnManagersMayCallAcrossOrigins() {
    String api = c.api(c.follower().id());
    String other = c.api(c.leader().id());
    Map<String, String> pre = Map.of("Origin", "http://" + other, "Access-Control-Request-Method", "GET",
        "Access-Control-Request-Headers", "authorization");
    HttpApi.Reply ok = c.http().send("OPTIONS", api, "/v1/jobs", null, pre);
    assertThat(ok.status()).isEqualTo(204);
    assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("http://" + other);
    HttpApi.Reply stranger = c.http().send("OPTIONS", api, "/v1/jobs", null,
        Map.of("Origin", "http://attacker.example:8080", "Access-Control-Request-Method", "GET"));
    assertThat(stranger.header("Access-Control-Allow-Origin")).isNull();
    Map<String, String> h = new HashMap<>(HttpApi.bearer(token));
    h.put("Origin", "http://" + other);
    assertThat(c.http().send("GET", api, "/v1/cluster", null, h).header("Access-Control-Allow-Origin")).isEqualTo("http://" + other);
    // The event stream writes its own response head: it carries the same header.
    HttpApi.Reply events = c.http().send("GET", api, "/v1/events?follow=false", null, h);
    assertThat(events.status()).isEqualTo(200);
    assertThat(events.header("Access-Control-Allow-Origin")).isEqualTo("http://" + other);
    assertThat(events.header("Access-Control-Expose-Headers")).contains("X-Orchestrate-Index");
    h.put("Origin", "http://attacker.example:8080");
    assertThat(c.http().send("GET", api, "/v1/cluster", null, h).header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void aSubmittedJobAndItsRunningTasksAndANewLeaderShowWithoutAReload() throws IOException {
    HeadlessChromium.require(true, null);
    Path shots = Path.of(System.getProperty("orchestrate.uiScreenshots", "target/ui-screenshots"));
    Files.createDirectories(shots);

    String oldLeader = c.leader().id();
    // The page comes from a follower, so that it outlives the leader it is about to lose.
    String origin = "http://" + c.api(c.follower().id());
    WebDriver browser = HeadlessChromium.start(null);
    try {
      browser.get(origin + "/ui#/cluster");
      waitFor(browser, "the token form", () -> browser.findElement(By.id("login")).isDisplayed());
      browser.findElement(By.id("token")).sendKeys("not-a-token");
      browser.findElement(By.cssSelector("#login button[type=submit]")).click();
      waitFor(browser, "a refused token asked for again", () -> browser.findElement(By.id("login")).isDisplayed()
          && browser.findElement(By.id("login-error")).getText().contains("not valid"));
      browser.findElement(By.id("token")).sendKeys(token);
      browser.findElement(By.cssSelector("#login button[type=submit]")).click();
      waitFor(browser, "the cluster page naming the leader " + oldLeader,
          () -> text(browser, "cluster-leader").equals(oldLeader) && browser.findElements(By.cssSelector("tr[data-member]")).size() == 3);
      waitFor(browser, "the event stream", () -> browser.findElement(By.id("stream")).getText().startsWith("stream: live"));
      // Set once: if the page reloads, this is gone.
      ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

      browser.findElement(By.cssSelector("a[data-nav=jobs]")).click();
      waitFor(browser, "the empty jobs page", () -> !browser.findElements(By.id("jobs-view")).isEmpty());
      HttpApi.Reply sent = c.http().postFollowing(c.api(c.leader().id()), "/v1/jobs", JOB.getBytes(StandardCharsets.UTF_8),
          HttpApi.bearer(token), 3);
      assertThat(sent.status()).as(sent.text()).isEqualTo(201);
      String job = sent.json().path("id").asText();
      waitFor(browser, "job " + job + " listed", () -> !browser.findElements(By.cssSelector("tr[data-job='" + job + "']")).isEmpty());
      // Its status follows its tasks: the list moves from pending to running by itself.
      waitFor(browser, "job " + job + " running in the list", () -> browser.findElement(By.cssSelector("tr[data-job='" + job + "']"))
          .findElements(By.tagName("td")).get(2).getText().equals("running"));
      screenshot(browser, shots.resolve("jobs.png"));

      browser.findElement(By.cssSelector("tr[data-job='" + job + "'] a")).click();
      waitFor(browser, "3 tasks RUNNING", () -> {
        List<WebElement> states = browser.findElements(By.cssSelector("#job-view tr[data-task] td.task-state"));
        return states.size() == 3 && states.stream().allMatch(s -> s.getText().equals("RUNNING"));
      });
      for (JsonNode t : Tasks.of(c, job)) {
        assertThat(browser.findElement(By.cssSelector("tr[data-task='" + t.path("id").asText() + "']")).getText())
            .as("the page shows what the API says").contains("RUNNING").contains(t.path("node").asText());
      }
      screenshot(browser, shots.resolve("job-tasks.png"));

      // A task's output page, read from the same endpoint as `orchestrate logs`.
      WebElement apiRow = browser.findElements(By.cssSelector("#job-view tr[data-task]")).stream()
          .filter(r -> r.findElements(By.tagName("td")).get(0).getText().startsWith("api")).findFirst().orElseThrow();
      apiRow.findElement(By.cssSelector("a.logs")).click();
      waitFor(browser, "the task's output", () -> browser.findElements(By.cssSelector("#logs-view .log-line")).size() == 3);
      assertThat(browser.findElement(By.id("logs-view")).getText())
          .contains("api listening on :8080", "GET /health 200", "no config file, using defaults");
      assertThat(browser.findElements(By.cssSelector("#logs-view .log-line.stderr"))).hasSize(1);
      screenshot(browser, shots.resolve("task-logs.png"));
      browser.navigate().back();
      waitFor(browser, "back on the job's page", () -> !browser.findElements(By.id("job-view")).isEmpty());

      browser.findElement(By.cssSelector("a[data-nav=nodes]")).click();
      waitFor(browser, "node w1 with its 3 tasks", () -> browser.findElements(By.cssSelector("tr[data-node=w1]")).stream()
          .anyMatch(r -> r.getText().contains("READY") && r.findElements(By.tagName("td")).get(3).getText().equals("3")));
      screenshot(browser, shots.resolve("nodes.png"));

      browser.findElement(By.cssSelector("a[data-nav=cluster]")).click();
      waitFor(browser, "the cluster page", () -> text(browser, "cluster-leader").equals(oldLeader));
      c.kill(oldLeader);
      String newLeader = c.leader().id();
      assertThat(newLeader).isNotEqualTo(oldLeader);
      waitFor(browser, "the new leader " + newLeader + " on the page",
          () -> text(browser, "cluster-leader").equals(newLeader) && text(browser, "leader").equals(newLeader));
      screenshot(browser, shots.resolve("cluster.png"));
      assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"))
          .as("the page was never reloaded").isEqualTo(true);
      c.restart(oldLeader);
    } finally {
      browser.quit();
    }
  }

  private static void screenshot(WebDriver b, Path to) throws IOException {
    Files.write(to, ((TakesScreenshot) b).getScreenshotAs(OutputType.BYTES));
  }

  /** GET {@code path} exactly as written, on a fresh connection; answers the status line. */
  private static String rawGet(String address, String path) {
    String[] hp = address.split(":");
    try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + address + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return all.substring(0, Math.max(0, all.indexOf("\r\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
