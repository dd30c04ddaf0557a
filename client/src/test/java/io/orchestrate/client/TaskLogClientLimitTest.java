package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A log request refused because the leader relays its most streams: said once, with the limit, not retried. */
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
}
