package io.orchestrate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredFramesTest {
  private static DesiredTask task(int i, String env) {
    return new DesiredTask("t-" + i, "j-1", "web", i, 1, "local/busybox:1", List.of("sh", "-c", "sleep 3600"), Map.of("PAYLOAD", env),
        Resources.defaults(), RestartPolicy.defaults());
  }

  private static List<DesiredTask> tasks(int n, int envChars) {
    List<DesiredTask> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(task(i, "x".repeat(envChars)));
    return out;
  }

  @Test
  void aLargeFullSetIsSplitIntoPartsOfOneVersionEachUnderTheBudget() {
    List<DesiredTask> all = tasks(20_000, 100);
    List<Desired> frames = DesiredFrames.full(3, "w1", 9, all, DesiredFrames.BUDGET_BYTES);

    assertThat(frames.size()).isGreaterThan(10);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < frames.size(); i++) {
      Desired d = frames.get(i);
      assertThat(d.version()).isEqualTo(9);
      assertThat(d.part()).isEqualTo(i + 1);
      assertThat(d.parts()).isEqualTo(frames.size());
      assertThat(GatewayCodec.encode(d).length).as("frame %d", i).isLessThanOrEqualTo(DesiredFrames.BUDGET_BYTES);
      d.tasks().forEach(t -> assertThat(seen.add(t.taskId())).isTrue());
    }
    assertThat(seen).hasSize(all.size());
  }

  @Test
  void anEmptyFullSetIsOneEmptyPart() {
    List<Desired> frames = DesiredFrames.full(3, "w1", 1, List.of(), DesiredFrames.BUDGET_BYTES);
    assertThat(frames).containsExactly(Desired.fullPart(3, "w1", 1, 1, 1, List.of()));
  }

  @Test
  void aLargeChangeIsAChainOfDeltasRemovalsFirst() {
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) removed.add("gone-" + i);
    List<DesiredTask> upserts = tasks(5_000, 50);
    List<Desired> frames = DesiredFrames.deltas(4, "w1", 17, upserts, removed, DesiredFrames.BUDGET_BYTES);

    assertThat(frames.size()).isGreaterThan(2);
    long expectedBase = 17;
    List<String> removedSeen = new ArrayList<>();
    List<String> upsertSeen = new ArrayList<>();
    for (Desired d : frames) {
      assertThat(d.base()).isEqualTo(expectedBase);
      assertThat(d.version()).isEqualTo(expectedBase + 1);
      expectedBase = d.version();
      assertThat(GatewayCodec.encode(d).length).isLessThanOrEqualTo(DesiredFrames.BUDGET_BYTES);
      removedSeen.addAll(d.removed());
      // A frame with both applies its removals first, so additions may share the last removals' frame.
      if (!d.tasks().isEmpty()) assertThat(removedSeen).as("every removal precedes the first addition").hasSize(removed.size());
      d.tasks().forEach(t -> upsertSeen.add(t.taskId()));
    }
    assertThat(removedSeen).isEqualTo(removed);
    assertThat(upsertSeen).containsExactlyElementsOf(upserts.stream().map(DesiredTask::taskId).toList());
  }

  @Test
  void noChangeIsNoFrame() {
    assertThat(DesiredFrames.deltas(4, "w1", 17, List.of(), List.of(), DesiredFrames.BUDGET_BYTES)).isEmpty();
  }

  @Test
  void evenControlCharactersKeepAFrameWithinOneMebibyte() {
    List<DesiredTask> all = tasks(2_000, 0);
    List<DesiredTask> nasty = new ArrayList<>();
    for (DesiredTask t : all) nasty.add(task(t.index(), "\u0001".repeat(300)));
    for (Desired d : DesiredFrames.full(3, "w1", 1, nasty, DesiredFrames.BUDGET_BYTES)) {
      assertThat(GatewayCodec.encode(d).length).isLessThan(1 << 20);
    }
  }

  @Test
  void aTaskLargerThanTheBudgetTravelsAlone() {
    List<DesiredTask> all = List.of(task(1, "small"), task(2, "y".repeat(DesiredFrames.BUDGET_BYTES)), task(3, "small"));
    List<Desired> frames = DesiredFrames.full(3, "w1", 1, all, DesiredFrames.BUDGET_BYTES);
    assertThat(frames).extracting(d -> d.tasks().size()).containsExactly(1, 1, 1);
  }

  @Test
  void digestIgnoresOrderAndSeesGenerationAndMembership() {
    DesiredTask a = task(1, "a");
    DesiredTask b = task(2, "b");
    assertThat(DesiredDigest.ofTasks(List.of(a, b))).isEqualTo(DesiredDigest.ofTasks(List.of(b, a)));
    assertThat(DesiredDigest.ofTasks(List.of(a, b))).isNotEqualTo(DesiredDigest.ofTasks(List.of(a)));
    DesiredTask a2 = new DesiredTask(a.taskId(), a.jobId(), a.group(), a.index(), 2, a.image(), a.command(), a.env(), a.resources(), a.restart());
    assertThat(DesiredDigest.ofTasks(List.of(a2, b))).isNotEqualTo(DesiredDigest.ofTasks(List.of(a, b)));
    assertThat(DesiredDigest.ofTasks(List.of())).isEqualTo(DesiredDigest.EMPTY);
    // Adding then removing one task is XOR twice: back where it started.
    assertThat(DesiredDigest.ofTasks(List.of(a, b)) ^ DesiredDigest.of("t-9", 4) ^ DesiredDigest.of("t-9", 4))
        .isEqualTo(DesiredDigest.ofTasks(List.of(a, b)));
  }

  @Test
  void malformedVersionedSetsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> Desired.fullPart(1, "w1", 5, 3, 2, List.of())).hasMessageContaining("desired.part");
    assertThatThrownBy(() -> Desired.delta(1, "w1", 5, 5, List.of(), List.of("a"))).hasMessageContaining("desired.base");
    assertThatThrownBy(() -> Desired.delta(1, "w1", 6, 5, List.of(task(1, "")), List.of("t-1"))).hasMessageContaining("desired.removed[0]");
    assertThatThrownBy(() -> new Desired(1, "w1", List.of(), 0L, 3L, null, null, List.of())).hasMessageContaining("unversioned");
  }

  @Test
  void messagesWithoutNewFieldsTravelAsTheOlderVersion() {
    assertThat(new String(GatewayCodec.encode(new Desired(2, "w1", List.of())))).contains("\"v\":1");
    assertThat(new String(GatewayCodec.encode(Desired.fullPart(2, "w1", 1, 1, 1, List.of())))).contains("\"v\":2");
    NodeStats stats = new NodeStats(1, 0.1, 1, 2, 1, 2, 1, 1, 1);
    assertThat(new String(GatewayCodec.encode(new Heartbeat("w1", 1, stats)))).contains("\"v\":1").doesNotContain("applied");
    assertThat(new String(GatewayCodec.encode(new Heartbeat("w1", 1, stats, 3L, 4L)))).contains("\"v\":2");
  }
}
