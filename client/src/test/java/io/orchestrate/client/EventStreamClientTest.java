package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.orchestrate.core.api.EventView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Resuming across managers: a manager that goes silent mid-stream, one that refuses, and a 410. */
class EventStreamClientTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> queries = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    release.countDown();
    servers.forEach(s -> s.stop(0));
  }

  private static String event(long index, int pos) {
    return "id: " + index + "." + pos + "\nevent: job.submitted\ndata: {\"index\":" + index + ",\"pos\":" + pos
        + ",\"topic\":\"jobs\",\"type\":\"job.submitted\",\"job\":\"j-" + index + "-" + pos + "\"}\n\n";
  }

  /** A manager that answers /v1/events with {@code status} and {@code body}; it then hangs (never closes) when asked to. */
  private String manager(int status, String body, boolean hang) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/v1/events", ex -> {
      queries.add(ex.getLocalAddress().getPort() + " " + ex.getRequestURI().getRawQuery());
      ex.getResponseHeaders().set("Content-Type", status == 200 ? "text/event-stream" : "application/json");
      ex.sendResponseHeaders(status, 0);
      OutputStream out = ex.getResponseBody();
      out.write(body.getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (hang) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      ex.close();
    });
    s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    s.start();
    servers.add(s);
    return "127.0.0.1:" + s.getAddress().getPort();
  }

  private static ManagersClient client(String... managers) {
    // Timeouts far above the idle bound, so that leaving on the bound cannot be mistaken for either.
    return new ManagersClient(List.of(managers), ClientSettings.defaults().withTimeout(Duration.ofSeconds(20)).withAttemptTimeout(Duration.ofSeconds(20)),
        Time.SYSTEM);
  }

  @Test
  void aManagerThatGoesSilentIsLeftAndTheNextOneResumesJustAfterTheLastEvent() throws Exception {
    String silent = manager(200, ": stream open\n\n" + event(5, 0), true);
    String refusing = manager(503, "{\"error\":\"no leader\",\"code\":\"unavailable\"}", false);
    String good = manager(200, event(5, 1) + event(6, 0) + ": caught up at index 6\n\n", false);
    List<String> seen = new ArrayList<>();
    long t0 = System.nanoTime();
    // A 2 s idle bound: long enough that a loaded machine's slow answer from the good manager is not taken for silence.
    EventStreamClient.End end = new EventStreamClient(client(silent, refusing, good), Duration.ofSeconds(2))
        .read("5", "jobs", false, (EventView e) -> seen.add(e.id()));

    assertThat(seen).containsExactly("5.0", "5.1", "6.0");
    assertThat(end.caughtUp()).isTrue();
    assertThat(end.next()).isEqualTo("6.1");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("left after the idle bound, not a TCP timeout").isLessThan(Duration.ofSeconds(10));
    assertThat(queries).hasSize(3);
    assertThat(queries.get(0)).contains("from=5&").contains("topic=jobs");
    assertThat(queries.get(1)).as("the refusing manager is asked from just after the last event").contains("from=5.1&");
    assertThat(queries.get(2)).contains("from=5.1&");
  }

  @Test
  void aPositionNoManagerHoldsIsRejectedNotSkipped() throws Exception {
    String gone = manager(410, "{\"error\":\"events from 1.0 are no longer held; the oldest index available is 900\",\"code\":\"gone\"}", false);
    assertThatThrownBy(() -> new EventStreamClient(client(gone), Duration.ofMillis(500)).read("1", null, true, e -> true))
        .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
          assertThat(e.status()).isEqualTo(410);
          assertThat(e.getMessage()).contains("oldest index available is 900");
        });
  }
}
