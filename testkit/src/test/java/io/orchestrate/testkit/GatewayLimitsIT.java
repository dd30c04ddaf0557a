package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.spec.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one gateway peer can hold, through raw sockets: a frame must arrive whole in time, a
 * connection must register in time, and there are only so many connections. The node TTL (20 s
 * here) also closes a silent connection; every bound here is well below it, so a close within
 * them is theirs. The register timeout is 4 s so that the frame timeout (300 ms) and the cap
 * ("at once") are told apart from it with seconds to spare on a loaded machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayLimitsIT {
  static final Duration FRAME = Duration.ofMillis(300);
  static final Duration REGISTER = Duration.ofSeconds(4);
  static final Duration TTL = Duration.ofSeconds(20);
  static final int CAP = 4;

  MiniCluster c;
  String gateway;

  @BeforeAll
  void start(@TempDir Path dir) {
    c = MiniCluster.start(dir, 1, b -> b.nodeTtl(TTL).limits(l -> l.withGatewayFrameTimeout(FRAME).withGatewayRegisterTimeout(REGISTER)
        .withGatewayMaxConnections(CAP)));
    gateway = c.leader().gatewayAddress().toString();
  }

  @AfterAll
  void stop() {
    c.close();
  }

  @Test
  void aFrameDrippedSlowlyIsClosedWithinTheFrameTimeout() {
    try (RawSocket s = RawSocket.open(gateway)) {
      long t0 = System.nanoTime();
      // A 1,000-byte frame announced, then a byte every 50 ms: progress that must not keep it open.
      s.send(new byte[] {0, 0, 3, (byte) 0xE8, '{'});
      boolean closed = false;
      while (!closed && System.nanoTime() - t0 < REGISTER.minusMillis(500).toNanos()) {
        closed = !s.trySend(' ') || s.closedWithin(Duration.ofMillis(50));
      }
      assertThat(closed).as("closed before the register timeout").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(FRAME.minusMillis(20));
    }
  }

  @Test
  void aConnectionThatNeverRegistersIsClosedAfterTheRegisterTimeout() {
    // From before the connect: the manager's register timer starts once it has the connection, so at
    // least REGISTER passes from here to the close however late this thread gets back from the connect.
    long t0 = System.nanoTime();
    try (RawSocket s = RawSocket.open(gateway)) {
      assertThat(s.closedWithin(REGISTER.plusMillis(2500))).as("closed well before the node TTL").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(REGISTER.minusMillis(200));
    }
  }

  @Test
  void connectionsPastTheCapAreClosedAtOnce() {
    List<RawSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < CAP + 3; i++) sockets.add(RawSocket.open(gateway));
      // Which ones are refused depends on how the event loops take them; how many does not.
      await("three connections closed").atMost(REGISTER.minusSeconds(1)).pollInterval(Duration.ofMillis(10))
          .until(() -> sockets.stream().filter(s -> s.closedWithin(Duration.ofMillis(5))).count() >= 3);
      assertThat(sockets.stream().filter(s -> s.closedWithin(Duration.ofMillis(5))).count()).isEqualTo(3);
    } finally {
      sockets.forEach(RawSocket::close);
    }
    // The server sees those closes a moment later; the places are free again once a newcomer stays.
    await("a new connection is kept").atMost(Duration.ofSeconds(5)).until(() -> {
      try (RawSocket s = RawSocket.open(gateway)) {
        return !s.closedWithin(Duration.ofMillis(200));
      }
    });
  }

  @Test
  void aRegisteredWorkerOutlivesTheRegisterTimeout() throws Exception {
    try (FakeWorker w = new FakeWorker("w-limits", Resources.of(1, 256, 100))) {
      w.connect(gateway).register(List.of());
      await("registered").atMost(Duration.ofSeconds(10)).until(() -> w.lastDesired() != null);
      await("still connected past the register timeout").during(REGISTER.plusMillis(500)).atMost(REGISTER.plusSeconds(2)).until(w::open);
    }
    // The cluster is shared and the order of the tests is not fixed: the manager must have seen this
    // connection close (its place under the cap free again) before connectionsPastTheCap counts closes.
    await("the worker's connection closed at the manager too").atMost(Duration.ofSeconds(10))
        .until(() -> java.util.stream.StreamSupport.stream(c.leader().sessions().all().spliterator(), false)
            .noneMatch(s -> s.nodeId().equals("w-limits")));
  }
}
