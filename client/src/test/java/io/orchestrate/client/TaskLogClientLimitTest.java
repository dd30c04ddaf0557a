package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A log request refused because the leader relays its most streams: the first request says so once,
 * with the limit, not retried; a resumption of a stream already open waits the refusal out.
 */
class TaskLogClientLimitTest {
  private final ManualTime time = new ManualTime();
  private FakeManager leader;

  @AfterEach
  void stop() {
    if (leader != null) leader.close();
  }

  @Test
  void aTooManyStreamsAnswerIsARejectionNamingTheLimitAndIsNotRetried() {
    leader = FakeManager.start("m1");
    leader.answerNext(429, Map.of("Retry-After", "5"), new ErrorBody(
        "this manager already relays 256 log streams, its limit (logsMaxStreams, --logs-max-streams = 256); retry later",
        ErrorCode.TOO_MANY_REQUESTS));
    TaskLogClient logs = new TaskLogClient(new ManagersClient(List.of(leader.address()), ClientSettings.defaults(), time));

    assertThatThrownBy(() -> logs.read("t-1", true, -1, "both", line -> true))
        .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
        })
        .hasMessageContaining("--logs-max-streams = 256");
    assertThat(leader.requests()).hasSize(1);
  }

  private static final String LIMIT = "this manager already relays 256 log streams, its limit (logsMaxStreams, --logs-max-streams = 256); retry later";

  private static String line(String ts, String text) {
    return "{\"ts\":\"" + ts + "\",\"stream\":\"stdout\",\"line\":\"" + text + "\"}\n";
  }

  /** The first request streams one line and is cut; the next {@code busy} are refused with 429 Retry-After 5; then the rest. */
  private void cutThenBusy(int busy, List<FakeManager.Request> resumes) {
    AtomicInteger n = new AtomicInteger();
    leader = FakeManager.start("m1").route("GET", "/v1/tasks/t-1/logs", r -> {
      int i = n.getAndIncrement();
      if (i == 0) return FakeManager.reply(200, Map.of(), line("2026-12-06T10:00:00Z", "one"));
      resumes.add(r);
      if (i <= busy) return FakeManager.reply(429, Map.of("Retry-After", "5"), new ErrorBody(LIMIT, ErrorCode.TOO_MANY_REQUESTS));
      return FakeManager.reply(200, Map.of(), line("2026-12-06T10:00:01Z", "two") + "{\"end\":true}\n");
    });
  }

  @Test
  void aTooManyStreamsAnswerWhileResumingIsWaitedOutSaidOnceAWaitAndTheStreamGoesOn() {
    List<FakeManager.Request> resumes = new CopyOnWriteArrayList<>();
    cutThenBusy(2, resumes);
    List<String> notices = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    TaskLogClient logs = new TaskLogClient(new ManagersClient(List.of(leader.address()), ClientSettings.defaults(), time), notices::add);

    logs.read("t-1", true, -1, "both", l -> seen.add(l.text()));

    assertThat(seen).containsExactly("one", "two");
    assertThat(time.sleeps()).as("the pause after a cut, then Retry-After twice")
        .containsExactly(Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertThat(notices).hasSize(2).allSatisfy(n -> assertThat(n).contains("t-1", "waiting 5.0 s", "--logs-max-streams = 256"));
    assertThat(resumes).hasSize(3).allSatisfy(r -> {
      assertThat(r.param("since")).isEqualTo("2026-12-06T10:00:00Z");
      assertThat(r.param("skip")).isEqualTo("1");
    });
  }

  @Test
  void aResumptionGivesUpWithTheRefusalOnceTheTimeoutHasPassed() {
    cutThenBusy(Integer.MAX_VALUE, new CopyOnWriteArrayList<>());
    List<String> notices = new CopyOnWriteArrayList<>();
    TaskLogClient logs = new TaskLogClient(new ManagersClient(List.of(leader.address()), ClientSettings.defaults(), time), notices::add);

    assertThatThrownBy(() -> logs.read("t-1", true, -1, "both", l -> true))
        .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.status()).isEqualTo(429))
        .hasMessageContaining("--logs-max-streams = 256");
    // 15 s of timeout after the cut's pause, at 5 s a wait: the last wait is cut to what is left.
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(4750));
    assertThat(time.slept()).isEqualTo(ClientSettings.DEFAULT_TIMEOUT);
    assertThat(notices).hasSize(3);
  }
}
