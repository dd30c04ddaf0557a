package io.orchestrate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredReceiverTest {
  private final DesiredReceiver receiver = new DesiredReceiver();

  private static DesiredTask t(String id, long generation) {
    return new DesiredTask(id, "j", "g", 0, generation, "img", List.of(), Map.of(), Resources.defaults(), RestartPolicy.defaults());
  }

  private static List<String> ids(Desired d) {
    return d.tasks().stream().map(DesiredTask::taskId).sorted().toList();
  }

  @Test
  void aFullSetCountsOnlyOnceEveryPartIsIn_inAnyOrder_andDuplicatesChangeNothing() {
    assertThat(receiver.accept(Desired.fullPart(1, "w1", 1, 2, 3, List.of(t("b", 1))))).isNull();
    assertThat(receiver.accept(Desired.fullPart(1, "w1", 1, 2, 3, List.of(t("b", 1))))).isNull();
    assertThat(receiver.accept(Desired.fullPart(1, "w1", 1, 3, 3, List.of(t("c", 1))))).isNull();
    assertThat(receiver.version()).as("nothing held until the set is whole").isZero();
    Desired whole = receiver.accept(Desired.fullPart(1, "w1", 1, 1, 3, List.of(t("a", 1))));
    assertThat(ids(whole)).containsExactly("a", "b", "c");
    assertThat(receiver.version()).isEqualTo(1);
    assertThat(receiver.digest()).isEqualTo(DesiredDigest.ofTasks(List.of(t("a", 1), t("b", 1), t("c", 1))));
  }

  @Test
  void deltasApplyInOrderOnly() {
    receiver.accept(Desired.fullPart(1, "w1", 1, 1, 1, List.of(t("a", 1), t("b", 1))));
    Desired d2 = Desired.delta(1, "w1", 2, 1, List.of(t("c", 1), t("a", 2)), List.of("b"));
    Desired d3 = Desired.delta(1, "w1", 3, 2, List.of(), List.of("c"));

    assertThat(receiver.accept(d3)).as("a delta ahead of its base (reordered)").isNull();
    Desired after2 = receiver.accept(d2);
    assertThat(ids(after2)).containsExactly("a", "c");
    assertThat(after2.tasks()).filteredOn(x -> x.taskId().equals("a")).extracting(DesiredTask::generation).containsExactly(2L);
    assertThat(receiver.accept(d2)).as("a duplicate").isNull();
    assertThat(receiver.version()).isEqualTo(2);
    assertThat(receiver.digest()).isEqualTo(DesiredDigest.ofTasks(List.of(t("a", 2), t("c", 1))));
    assertThat(receiver.ignored()).isEqualTo(2);
    // The late d3 was turned away; it is not kept for later: the leader resends what the heartbeat shows missing.
    assertThat(receiver.accept(Desired.fullPart(1, "w1", 4, 1, 1, List.of(t("a", 2))))).isNotNull();
    assertThat(receiver.version()).isEqualTo(4);
  }

  @Test
  void aNewerFullSetAbandonsAnIncompleteOlderOne_andALatePartOfTheOlderIsIgnored() {
    receiver.accept(Desired.fullPart(1, "w1", 5, 1, 2, List.of(t("old", 1))));
    Desired whole = receiver.accept(Desired.fullPart(1, "w1", 6, 1, 1, List.of(t("new", 1))));
    assertThat(ids(whole)).containsExactly("new");
    assertThat(receiver.accept(Desired.fullPart(1, "w1", 5, 2, 2, List.of(t("old2", 1))))).isNull();
    assertThat(receiver.version()).isEqualTo(6);
  }

  @Test
  void anUnversionedSetIsTheWholeTruth_andAResetStartsOver() {
    receiver.accept(Desired.fullPart(1, "w1", 9, 1, 1, List.of(t("a", 1))));
    receiver.reset();
    assertThat(receiver.version()).isZero();
    assertThat(receiver.digest()).isEqualTo(DesiredDigest.EMPTY);
    Desired d = receiver.accept(new Desired(1, "w1", List.of(t("x", 1))));
    assertThat(ids(d)).containsExactly("x");
    assertThat(receiver.accept(Desired.fullPart(1, "w1", 1, 1, 1, List.of()))).isNotNull();
  }
}
