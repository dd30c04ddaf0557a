package io.orchestrate.manager.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.state.JobKey;
import io.orchestrate.manager.state.TaskKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorTest {
  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keysSurviveTheRoundTripAndTheTokenNeedsNoEscapingInAUrl() {
    TaskKey t = new TaskKey("j-ü/?&", "api", 3, 1_700_000_000_123L, "t-9");
    JobKey j = new JobKey(1_700_000_000_000L, "j-1");

    assertThat(Cursor.task(Cursor.of(t), "next")).isEqualTo(t);
    assertThat(Cursor.job(Cursor.of(j), "next")).isEqualTo(j);
    assertThat(Cursor.of(t)).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void aTokenNotMadeHereIsABadRequestNamingTheParameter() {
    for (String bad : new String[] {"", "!!!", b64("{}"), b64("[\"t1\",\"j\"]"), b64("[\"t1\",\"j\",\"g\",\"x\",1,\"t\"]"),
        b64("[\"x9\",1,\"j\"]"), "A".repeat(PageLimits.MAX_CURSOR_CHARS + 1)}) {
      assertThatThrownBy(() -> Cursor.task(bad, "next")).as(bad).isInstanceOfSatisfying(ApiException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith("next ");
      });
    }
  }

  @Test
  void aJobCursorOnTheTaskListIsNamedForWhatItIs() {
    String jobCursor = Cursor.of(new JobKey(1, "j-1"));

    assertThatThrownBy(() -> Cursor.task(jobCursor, "next")).hasMessageContaining("is a cursor of /v1/jobs");
    assertThatThrownBy(() -> Cursor.job(Cursor.of(TaskKey.firstOf("j")), "next")).hasMessageContaining("is a cursor of /v1/tasks");
  }
}
