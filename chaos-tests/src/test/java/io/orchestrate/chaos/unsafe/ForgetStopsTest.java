package io.orchestrate.chaos.unsafe;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broken worker's filter passes on every task ever desired, so nothing the leader stops is stopped. */
class ForgetStopsTest {
  private static DesiredTask task(String id, long generation) {
    return new DesiredTask(id, "j-" + id, "sleep", 0, generation, "local/busybox:1", List.of("sleep", "120"), Map.of(), null, null);
  }

  private static List<String> ids(Desired d) {
    return d.tasks().stream().map(t -> t.taskId() + "@" + t.generation()).toList();
  }

  @Test
  void aTaskTheLeaderNoLongerWantsStaysInTheSet() {
    ForgetStops f = new ForgetStops();
    assertThat(ids(f.apply(new Desired(3, "w1", List.of(task("t1", 5), task("t2", 6)))))).containsExactly("t1@5", "t2@6");

    Desired after = f.apply(new Desired(4, "w1", List.of(task("t2", 6), task("t3", 9))));

    assertThat(ids(after)).containsExactlyInAnyOrder("t1@5", "t2@6", "t3@9");
    assertThat(after.term()).isEqualTo(4);
    assertThat(after.nodeId()).isEqualTo("w1");
    assertThat(ids(f.apply(new Desired(4, "w1", List.of())))).containsExactlyInAnyOrder("t1@5", "t2@6", "t3@9");
  }

  @Test
  void aTaskSentAgainAtANewGenerationIsKeptOnceAtTheNewOne() {
    ForgetStops f = new ForgetStops();
    f.apply(new Desired(3, "w1", List.of(task("t1", 5))));
    assertThat(ids(f.apply(new Desired(3, "w1", List.of(task("t1", 8)))))).containsExactly("t1@8");
  }

  @Test
  void itsHooksCarryIt() {
    assertThat(ForgetStops.hooks().desired()).isInstanceOf(ForgetStops.class);
  }
}
