package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.chaos.checker.CopySeen;
import io.orchestrate.chaos.checker.WorkerCopies;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The suite reads a worker's {@code GET /v1/copies} body (as the worker's CopyJournal writes it) into the checker's records. */
class JournalParseTest {
  private static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsEveryCopyWithItsTimesAndHowItEnded() {
    WorkerCopies w = ChaosRun.parseJournal("w1", body("""
        {"node":"w1","sinceMillis":1000,"dropped":0,"copies":[
          {"taskId":"t1","jobId":"j1","group":"sleep","index":0,"generation":2,"handle":"proc-5","adopted":false,"startedAtMillis":1100},
          {"taskId":"t2","jobId":"j2","group":"sleep","index":1,"generation":1,"handle":"proc-6","adopted":true,"startedAtMillis":1200,
           "endedAtMillis":1300,"exitCode":0,"endReason":"exited with code 0"}]}
        """));
    assertThat(w.error()).isNull();
    assertThat(w.sinceMillis()).isEqualTo(1000);
    assertThat(w.copies()).containsExactly(
        new CopySeen("t1", "j1", "sleep", 0, 2, "proc-5", false, 1100, null, null, null),
        new CopySeen("t2", "j2", "sleep", 1, 1, "proc-6", true, 1200, 1300L, 0, "exited with code 0"));
  }

  @Test
  void aJournalOfAnotherNodeOrGarbageIsUnreadable() {
    assertThat(ChaosRun.parseJournal("w1", body("{\"node\":\"w2\",\"copies\":[]}")).error()).contains("names node w2");
    assertThat(ChaosRun.parseJournal("w1", body("{not json")).error()).contains("unreadable journal");
  }
}
