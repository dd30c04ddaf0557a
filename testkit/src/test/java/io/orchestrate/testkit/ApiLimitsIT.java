package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one API client can hold, through raw sockets: time to send headers and a body, time to sit
 * idle, and connections. Plus the HTTP details a client relies on: pipelined answers in order,
 * 415 for a body of another type, 400 naming a key given twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiLimitsIT {
  static final Duration HEADER = Duration.ofMillis(300);
  static final Duration BODY = Duration.ofMillis(300);
  /** Long enough that idle connections outlive each test's checks; every other timer here is far shorter. */
  static final Duration IDLE = Duration.ofSeconds(8);
  static final int CAP = 8;
  /**
   * Well past the header and body timeouts and well before the idle one: a close within it is theirs.
   * Seconds past them (not 2 s as with a 3 s idle timeout), so a loaded machine's late timer still counts.
   */
  static final Duration PROMPTLY = Duration.ofSeconds(5);

  MiniCluster c;
  String api;

  @BeforeAll
  void start(@TempDir Path dir) {
    c = MiniCluster.start(dir, 1, b -> b.limits(l -> l.withHttpHeaderTimeout(HEADER).withHttpBodyTimeout(BODY)
        .withHttpIdleTimeout(IDLE).withHttpMaxConnections(CAP)));
    api = c.leader().apiAddress().toString();
  }

  @AfterAll
  void stop() {
    c.close();
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  static String post(String path, String contentType, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Content-Length: " + b.length + "\r\n\r\n" + body;
  }

  RawSocket.Response exchange(String request) {
    try (RawSocket s = RawSocket.open(api)) {
      return s.send(request).read(Duration.ofSeconds(10));
    }
  }

  static String job(String name) {
    return "name: " + name + "\ntasks:\n  - name: a\n    image: local/busybox:1\n    resources: {cpu: 0.1, memoryMb: 8, diskMb: 1}\n";
  }

  @Test
  void halfSentHeadersAreClosedWithinTheHeaderTimeoutEvenWhenDripped() {
    try (RawSocket s = RawSocket.open(api)) {
      long t0 = System.nanoTime();
      s.send("GET /v1/health HTTP/1.1\r\nHost: x\r\n");
      // A byte every 50 ms: each is progress, none may move the deadline.
      boolean closed = false;
      while (!closed && System.nanoTime() - t0 < PROMPTLY.toNanos()) {
        closed = !s.trySend('X') || s.closedWithin(Duration.ofMillis(50));
      }
      assertThat(closed).as("closed within " + PROMPTLY.toMillis() + " ms of the first byte").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(HEADER.minusMillis(20));
    }
  }

  @Test
  void aLateHeaderIsAnswered408BeforeTheClose() {
    try (RawSocket s = RawSocket.open(api)) {
      RawSocket.Response r = s.send("GET /v1/health HTTP/1.1\r\n").read(PROMPTLY);
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.body()).contains("\"code\":\"request_timeout\"").contains("headers");
      assertThat(s.closedWithin(PROMPTLY)).isTrue();
    }
  }

  @Test
  void aSlowBodyIsClosedWithinTheBodyTimeout() {
    try (RawSocket s = RawSocket.open(api)) {
      s.send("POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: 1000\r\n\r\nname: slow\n");
      long t0 = System.nanoTime();
      boolean closed = false;
      while (!closed && System.nanoTime() - t0 < PROMPTLY.toNanos()) {
        closed = !s.trySend(' ') || s.closedWithin(Duration.ofMillis(50));
      }
      assertThat(closed).as("closed within " + PROMPTLY.toMillis() + " ms of the headers").isTrue();
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeoutAndNotBefore() {
    try (RawSocket s = RawSocket.open(api)) {
      // From before the request: the connection's idle time starts after it, so at least IDLE passes
      // from here to the close however late this thread reads the answer (timed from after the read,
      // a loaded machine's late read made an on-time close look early).
      long t0 = System.nanoTime();
      assertThat(s.send(get("/v1/health")).read(Duration.ofSeconds(10)).status()).isEqualTo(200);
      assertThat(s.closedWithin(IDLE.plusSeconds(5))).as("idle connection closed").isTrue();
      // Not the header timer: nothing was under way.
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(IDLE.minusMillis(200));
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheOrderSent() {
    try (RawSocket s = RawSocket.open(api)) {
      // The submission waits for a Raft commit; the two reads could be answered at once.
      s.send(post("/v1/jobs", "application/yaml", job("pipelined")) + get("/v1/no-such-thing") + get("/v1/health"));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 3; i++) statuses.add(s.read(Duration.ofSeconds(10)).status());
      assertThat(statuses).containsExactly(201, 404, 200);
    }
  }

  @Test
  void anOversizedBodyIsAnswered413InItsTurnAndTheConnectionServesTheNextRequest() {
    try (RawSocket s = RawSocket.open(api)) {
      String big = "x".repeat(1024 * 1024 + 1);
      s.send(post("/v1/jobs", "application/yaml", job("before-big")) + post("/v1/jobs", "application/yaml", big) + get("/v1/health"));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 3; i++) statuses.add(s.read(Duration.ofSeconds(10)).status());
      assertThat(statuses).containsExactly(201, 413, 200);
    }
  }

  @Test
  void connectionsPastTheCapAreAnswered503AndClosed() {
    List<RawSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < CAP + 4; i++) sockets.add(RawSocket.open(api));
      int refused = 0;
      for (RawSocket s : sockets) {
        // A refused connection is answered before it sends anything; an accepted one hears nothing.
        RawSocket.Response r;
        try {
          r = s.read(Duration.ofMillis(150));
        } catch (java.io.UncheckedIOException timedOut) {
          continue;
        }
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).contains("\"code\":\"unavailable\"").contains("too many open connections");
        assertThat(s.closedWithin(Duration.ofSeconds(2))).isTrue();
        refused++;
      }
      assertThat(refused).as("connections refused of " + (CAP + 4)).isGreaterThanOrEqualTo(4);
    } finally {
      sockets.forEach(RawSocket::close);
    }
    // Closed connections free their places.
    Awaitility.await("a new connection is served").atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> exchange(get("/v1/health")).status() == 200);
  }

  @Test
  void aBodyOfAnotherTypeIs415NamingTheTypesAccepted() {
    RawSocket.Response text = exchange(post("/v1/jobs", "text/plain", job("typed")));
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.body()).contains("\"code\":\"unsupported_media_type\"").contains("text/plain")
        .contains("application/json or application/yaml");
    // curl -d sends a form unless told otherwise.
    assertThat(exchange(post("/v1/jobs", "application/x-www-form-urlencoded", job("typed"))).status()).isEqualTo(415);
    RawSocket.Response yamlToTransfer = exchange(post("/v1/cluster/transfer-leadership", "application/yaml", "target: m1\n"));
    assertThat(yamlToTransfer.status()).isEqualTo(415);
    assertThat(yamlToTransfer.body()).contains("send the body as application/json\"");
    // Said plainly or left out, a job file is read.
    assertThat(exchange(post("/v1/jobs", "application/yaml; charset=utf-8", job("typed-yaml"))).status()).isEqualTo(201);
    assertThat(exchange(post("/v1/jobs", null, job("untyped"))).status()).isEqualTo(201);
  }

  @Test
  void aKeyGivenTwiceIs400NamingTheKey() {
    String twice = "{\"name\": \"dup\", \"name\": \"other\", \"tasks\": [{\"name\": \"a\", \"image\": \"local/busybox:1\"}]}";
    RawSocket.Response job = exchange(post("/v1/jobs", "application/json", twice));
    assertThat(job.status()).isEqualTo(400);
    assertThat(job.body()).contains("Duplicate field 'name'");
    RawSocket.Response yaml = exchange(post("/v1/jobs", "application/yaml", job("dup") + "name: other\n"));
    assertThat(yaml.status()).isEqualTo(400);
    assertThat(yaml.body()).contains("Duplicate field 'name'");
    RawSocket.Response transfer = exchange(post("/v1/cluster/transfer-leadership", "application/json", "{\"target\": \"m1\", \"target\": \"m9\"}"));
    assertThat(transfer.status()).isEqualTo(400);
    assertThat(transfer.body()).contains("Duplicate field 'target'");
  }
}
