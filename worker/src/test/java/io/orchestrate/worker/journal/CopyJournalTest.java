package io.orchestrate.worker.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.gateway.protocol.DesiredTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyJournalTest {
  private static DesiredTask task(String id, long generation) {
    return new DesiredTask(id, "job-" + id, "web", 2, generation, "img", List.of("sleep", "1"), Map.of(), Resources.defaults(),
        RestartPolicy.defaults());
  }

  @Test
  void aCopyIsOpenUntilItEndsAndKeepsItsFirstEnd() {
    CopyJournal j = new CopyJournal("w1", 1000, 10);
    j.copyStarted(task("t1", 3), "proc-7", false, 1_100);
    assertThat(j.view().copies()).singleElement().satisfies(c -> {
      assertThat(c.running()).isTrue();
      assertThat(c).extracting(CopyRecord::taskId, CopyRecord::jobId, CopyRecord::group, CopyRecord::index, CopyRecord::generation,
          CopyRecord::handle, CopyRecord::startedAtMillis).containsExactly("t1", "job-t1", "web", 2, 3L, "proc-7", 1_100L);
    });

    j.copyEnded("t1", "proc-7", 0, "exited with code 0", 1_500);
    j.copyEnded("t1", "proc-7", null, "stopped: no longer desired on this node", 1_900); // removed after it exited
    CopyRecord c = j.view().copies().get(0);
    assertThat(c.running()).isFalse();
    assertThat(c.endedAtMillis()).isEqualTo(1_500L);
    assertThat(c.exitCode()).isZero();
    assertThat(c.endReason()).isEqualTo("exited with code 0");
  }

  @Test
  void aRestartIsASecondCopyAndAnUnknownEndIsIgnored() {
    CopyJournal j = new CopyJournal("w1", 0, 10);
    j.copyStarted(task("t1", 1), "proc-1", false, 10);
    j.copyEnded("t1", "proc-1", 3, "exited with code 3", 20);
    j.copyStarted(task("t1", 1), "proc-2", false, 30);
    j.copyEnded("t1", "proc-99", 0, "exited with code 0", 40); // never started here
    assertThat(j.view().copies()).extracting(CopyRecord::handle, CopyRecord::endedAtMillis)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("proc-1", 20L), org.assertj.core.groups.Tuple.tuple("proc-2", null));
  }

  @Test
  void pastItsCapacityTheOldestCopiesAreDroppedAndCounted() {
    CopyJournal j = new CopyJournal("w1", 0, 2);
    for (int i = 1; i <= 5; i++) j.copyStarted(task("t" + i, 1), "proc-" + i, false, i);
    CopyJournal.View v = j.view();
    assertThat(v.dropped()).isEqualTo(3);
    assertThat(v.copies()).extracting(CopyRecord::taskId).containsExactly("t4", "t5");
    assertThatThrownBy(() -> new CopyJournal("w1", 0, 0)).hasMessageContaining("capacity");
  }

  @Test
  void theJsonNamesTheNodeAndEveryField() throws Exception {
    CopyJournal j = new CopyJournal("w1", 5, 10);
    j.copyStarted(task("t1", 1), "proc-1", true, 10);
    j.copyStarted(task("t2", 1), "proc-2", false, 11);
    j.copyEnded("t2", "proc-2", null, "stopped: job stopped", 12);
    JsonNode root = Json.lenient().readTree(j.json());
    assertThat(root.path("node").asText()).isEqualTo("w1");
    assertThat(root.path("sinceMillis").asLong()).isEqualTo(5);
    assertThat(root.path("dropped").asLong()).isZero();
    JsonNode first = root.path("copies").get(0);
    assertThat(first.path("adopted").asBoolean()).isTrue();
    assertThat(first.has("endedAtMillis")).as("absent while running").isFalse();
    JsonNode second = root.path("copies").get(1);
    assertThat(second.path("endedAtMillis").asLong()).isEqualTo(12);
    assertThat(second.path("endReason").asText()).isEqualTo("stopped: job stopped");
    assertThat(second.path("generation").asLong()).isEqualTo(1);
  }
}
