package io.orchestrate.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.orchestrate.core.spec.HealthCheck;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.worker.driver.ProcessDriver;
import io.orchestrate.worker.driver.TaskLaunch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real checks through the process driver: its copies are reached on the loopback address, its commands run beside the task. */
class DriverCheckRunnerTest {
  @TempDir Path dir;
  private ProcessDriver driver;
  private DriverCheckRunner runner;
  private String handle;
  private HttpServer http;

  @BeforeEach
  void setUp() throws Exception {
    driver = new ProcessDriver(dir);
    runner = new DriverCheckRunner(driver);
    handle = driver.start(new TaskLaunch("t1", "j", "n1", null, List.of("sleep", "60"), Map.of("READY_WORD", "yes"), Resources.defaults(), "t1"));
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/ok", x -> answer(x, 200));
    http.createContext("/moved", x -> {
      x.getResponseHeaders().add("Location", "/ok");
      answer(x, 302);
    });
    http.createContext("/broken", x -> answer(x, 503));
    http.start();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange x, int status) throws IOException {
    byte[] body = "hello".getBytes();
    x.sendResponseHeaders(status, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  @AfterEach
  void tearDown() {
    http.stop(0);
    driver.close();
  }

  private CheckResult check(HealthCheck c) {
    return runner.run(new ProbeTarget("t1", 1, handle, c.withTimings(1, 1, 1, 0)));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void httpPassesOn2xxAnd3xxAndFailsNamingTheStatusOtherwise() {
    int port = http.getAddress().getPort();
    assertThat(check(HealthCheck.http("/ok", port))).isEqualTo(CheckResult.pass());
    assertThat(check(HealthCheck.http("/moved", port)).passed()).as("a redirect is an answer").isTrue();
    CheckResult broken = check(HealthCheck.http("/broken", port));
    assertThat(broken.passed()).isFalse();
    assertThat(broken.error()).isEqualTo("GET http://127.0.0.1:" + port + "/broken answered 503");
    assertThat(check(HealthCheck.http("/nothing-here", port)).error()).endsWith("answered 404");
  }

  @Test
  void httpAndTcpToAClosedPortFailAsRefused() throws IOException {
    int port = closedPort();
    assertThat(check(HealthCheck.tcp(port))).isEqualTo(CheckResult.fail("tcp 127.0.0.1:" + port + ": connection refused"));
    assertThat(check(HealthCheck.http("/", port)).error()).isEqualTo("GET http://127.0.0.1:" + port + "/: connection refused");
    assertThat(check(HealthCheck.tcp(http.getAddress().getPort())).passed()).isTrue();
  }

  @Test
  void anHttpServerThatNeverAnswersFailsAtTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      long t0 = System.nanoTime();
      CheckResult r = check(HealthCheck.http("/", silent.getLocalPort()));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.error()).endsWith(": timed out after 1s");
      assertThat(tookMs).as("bounded by the 1 s timeout").isBetween(900L, 5_000L);
    }
  }

  @Test
  void aCommandRunsBesideTheTaskWithItsEnvironmentAndFailsWithItsCodeAndOutput() {
    assertThat(check(HealthCheck.command(List.of("sh", "-c", "test \"$READY_WORD\" = yes")))).isEqualTo(CheckResult.pass());
    CheckResult r = check(HealthCheck.command(List.of("sh", "-c", "echo not ready yet; exit 3")));
    assertThat(r.error()).isEqualTo("command sh exited with code 3: not ready yet");
    CheckResult slow = check(HealthCheck.command(List.of("sleep", "30")));
    assertThat(slow.error()).isEqualTo("command sleep did not finish within 1s");
    CheckResult missing = check(HealthCheck.command(List.of("/no/such/check")));
    assertThat(missing.error()).startsWith("cannot run /no/such/check for " + handle);
  }

  @Test
  void aCopyTheDriverDoesNotKnowFailsEveryKindOfCheck() {
    ProbeTarget gone = new ProbeTarget("t1", 1, "proc-999999", HealthCheck.tcp(80).withTimings(1, 1, 1, 0));
    assertThat(runner.run(gone).error()).isEqualTo("no process proc-999999");
  }
}
