package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PlainTextWarningTest {
  @Test
  void warnsAtOnceThenAgainEveryPeriodUntilClosed() {
    List<String> lines = new CopyOnWriteArrayList<>();
    PlainTextWarning w = PlainTextWarning.start("open ports", Duration.ofMillis(50), lines::add);
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() >= 3);
      assertThat(lines).allMatch("open ports"::equals);
    } finally {
      w.close();
    }
    assertThat(w.stopped()).isTrue();
  }

  @Test
  void theLineNamesThePortsAndTheWayOut() {
    String line = PlainTextWarning.line("manager m1", PlainTextWarning.MANAGER_EXPOSURE);
    assertThat(line).contains("manager m1", "WITHOUT TLS", "Raft, API and gateway ports are unauthenticated", "--ca/--cert/--key");
  }

  @Test
  void theRefusalNamesBothWaysOn() {
    String why = PlainTextWarning.refusal("worker w1");
    assertThat(why).startsWith("worker w1 has no TLS options").contains("orchestrate tls init", "orchestrate tls issue", "--insecure",
        "insecure: true");
  }

  @Test
  void theWarningThreadIsADaemon() throws Exception {
    List<Boolean> daemon = new CopyOnWriteArrayList<>();
    try (PlainTextWarning w = PlainTextWarning.start("x", Duration.ofMinutes(1), s -> daemon.add(Thread.currentThread().isDaemon()))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !daemon.isEmpty());
    }
    assertThat(daemon).containsOnly(true);
  }
}
