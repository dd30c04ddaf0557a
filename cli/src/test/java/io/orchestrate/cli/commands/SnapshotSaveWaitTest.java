package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.orchestrate.cli.CliRun;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.ManualTime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshot save} waits for a manager that takes longer than one ordinary attempt (5 s) to
 * package a large state, instead of giving up on it and asking another manager to start the same
 * work again; an explicit --timeout still bounds it.
 */
class SnapshotSaveWaitTest {
  /** Longer than the client's usual 5 s per attempt. */
  private static final long ANSWER_AFTER_MS = 6_500;

  @TempDir Path dir;
  private final ManualTime time = new ManualTime();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void slowManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/snapshot", exchange -> {
      requests.incrementAndGet();
      try {
        Thread.sleep(ANSWER_AFTER_MS); // the manager packaging a large checkpoint
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "not a snapshot archive".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      } catch (IOException gone) {
        // the client gave up first: that is the other test's point
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void anAnswerSlowerThanOneUsualAttemptIsWaitedForOnce() {
    Path file = dir.resolve("state.snapshot");
    CliRun r = CliRun.run(time, "snapshot", "save", file.toString(), "--managers", address());

    // The body arrived and was checked: what a client that gave up after 5 s would never see.
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
    assertThat(r.err()).contains("the snapshot received is not valid, nothing was written");
    assertThat(requests.get()).as("asked once, not again after an attempt timed out").isEqualTo(1);
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void anExplicitTimeoutStillBoundsTheWait() {
    Path file = dir.resolve("state.snapshot");
    CliRun r = CliRun.run(time, "snapshot", "save", file.toString(), "--managers", address(), "--timeout", "2s");

    assertThat(r.exitCode()).as(r.toString()).isNotEqualTo(ExitCodes.OK).isNotEqualTo(ExitCodes.REJECTED);
    assertThat(r.err()).doesNotContain("not valid");
    assertThat(Files.exists(file)).isFalse();
  }
}
