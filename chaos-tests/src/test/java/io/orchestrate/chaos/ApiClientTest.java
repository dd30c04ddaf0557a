package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.orchestrate.chaos.checker.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outcome a client records decides what the checker may conclude; a wrong "fail" would hide a duplicate or a phantom. */
class ApiClientTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void stop() {
    never.countDown();
    servers.forEach(s -> s.stop(0));
  }

  private String server(int status, String location, String body, AtomicInteger hits) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", ex -> {
      if (hits != null) hits.incrementAndGet();
      ex.getRequestBody().readAllBytes();
      if (status == 0) {
        try {
          never.await(); // a frozen manager: accepts, never answers
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      if (location != null) ex.getResponseHeaders().add("Location", location);
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
      if (b.length > 0) ex.getResponseBody().write(b);
      ex.close();
    });
    s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    s.start();
    servers.add(s);
    return "http://127.0.0.1:" + s.getAddress().getPort();
  }

  private static String refusing() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort(); // closed: connections are refused
    }
  }

  /**
   * A 2 s bound on one exchange (6 s in all): only the frozen server must time out. At 300 ms a loaded
   * machine's first exchange with a fresh HTTP client could too, and its retry turns a plain answer
   * into an unknown outcome or an extra hit.
   */
  private static ApiClient client(String... bases) {
    return new ApiClient(ApiAccess.plain(List.of(bases)), Duration.ofSeconds(2), Duration.ofSeconds(6));
  }

  private static ApiClient.Result post(ApiClient c) {
    return c.send("POST", "/v1/jobs", "{}".getBytes(StandardCharsets.UTF_8), Map.of("Idempotency-Key", "k"));
  }

  @Test
  void aWriteNobodyReceivedFailed() throws IOException {
    ApiClient.Result r = post(client(refusing(), refusing()));
    assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r.error()).contains("connection refused");
  }

  @Test
  void aWriteThatTimedOutIsUnknownEvenIfLaterAttemptsAreRefused() throws IOException {
    ApiClient.Result r = post(client(server(0, null, "", null), refusing()));
    assertThat(r.outcome()).isEqualTo(Outcome.INFO);
  }

  @Test
  void aWriteAnswered503IsUnknownButAReadAnswered503Failed() throws IOException {
    String busy = server(503, null, "{\"error\":\"timed out\",\"code\":\"unavailable\"}", null);
    assertThat(post(client(busy)).outcome()).isEqualTo(Outcome.INFO);
    assertThat(client(busy).send("GET", "/v1/jobs", null, Map.of()).outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void aRejectedWriteFailed() throws IOException {
    ApiClient.Result r = post(client(server(400, null, "{\"error\":\"bad\",\"code\":\"bad_request\"}", null)));
    assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void aRedirectLeadsToTheLeaderWithTheSameHeadersAndTheLeaderIsTriedFirstNextTime() throws IOException {
    AtomicInteger leaderHits = new AtomicInteger();
    AtomicInteger followerHits = new AtomicInteger();
    String leader = server(201, null, "{\"id\":\"j-1\"}", leaderHits);
    String follower = server(307, leader + "/v1/jobs", "", followerHits);
    ApiClient c = client(follower, leader);
    ApiClient.Result r = post(c);
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("j-1");
    assertThat(post(c).ok()).isTrue();
    assertThat(followerHits.get()).isEqualTo(1);
    assertThat(leaderHits.get()).isEqualTo(2);
  }

  @Test
  void aReadOf404IsAnOkReadThatSawNothing() throws IOException {
    ApiClient.Result r = client(server(404, null, "{\"error\":\"no\",\"code\":\"not_found\"}", null)).send("GET", "/v1/jobs/x", null, Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    assertThat(r.status()).isEqualTo(404);
  }

  /** A listing of three pages, the cursor being the index of the next item. */
  private String pagedJobs() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", ex -> {
      String q = ex.getRequestURI().getRawQuery();
      int from = q != null && q.contains("next=") ? Integer.parseInt(q.substring(q.indexOf("next=") + 5)) : 0;
      StringBuilder jobs = new StringBuilder();
      for (int i = from; i < Math.min(5, from + 2); i++) jobs.append(jobs.length() == 0 ? "" : ",").append("{\"id\":\"j-").append(i).append("\"}");
      if (from + 2 < 5) ex.getResponseHeaders().add("X-Next-Cursor", String.valueOf(from + 2));
      byte[] b = ("{\"jobs\":[" + jobs + "]}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    s.start();
    servers.add(s);
    return "http://127.0.0.1:" + s.getAddress().getPort();
  }

  @Test
  void aListingReadFollowsTheCursorAndIsOneResultWithEveryPage() throws Exception {
    ApiClient.Result r = client(pagedJobs()).readAll("/v1/jobs?stale=true", "jobs");

    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    assertThat(io.orchestrate.core.codec.Json.lenient().readTree(r.body()).path("jobs"))
        .extracting(j -> j.path("id").asText()).containsExactly("j-0", "j-1", "j-2", "j-3", "j-4");
  }

  @Test
  void aListingWhosePageFailsIsThatFailure() throws Exception {
    ApiClient.Result r = client(server(400, null, "{\"error\":\"limit must be an integer\",\"code\":\"bad_request\"}", null))
        .readAll("/v1/jobs", "jobs");

    assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r.error()).contains("limit must be an integer");
  }
}
