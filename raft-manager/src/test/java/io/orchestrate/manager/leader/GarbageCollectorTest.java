package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.CollectGarbage;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.config.Retention;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The leader's periodic collection on a fake clock: when it proposes, what, and when it stays quiet. */
class GarbageCollectorTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private StateImage state = StateImage.EMPTY;
  private long index;
  private final AtomicLong now = new AtomicLong(T0);
  private final List<Command> proposed = new ArrayList<>();
  private final List<CompletableFuture<CommandResult>> answers = new ArrayList<>();

  private CompletableFuture<CommandResult> propose(Command c) {
    proposed.add(c);
    CompletableFuture<CommandResult> f = new CompletableFuture<>();
    answers.add(f);
    return f;
  }

  /** Commits the last proposal: applies it and answers with its result. */
  private void commitLast() {
    Applier.Applied a = Applier.apply(state, proposed.get(proposed.size() - 1), ++index);
    state = a.image();
    answers.get(answers.size() - 1).complete(a.result());
  }

  private void apply(Command c) {
    state = Applier.apply(state, c, ++index).image();
  }

  private GarbageCollector collector(Retention jobs, Retention nodes) {
    return new GarbageCollector(() -> state, this::propose, now::get, jobs, nodes, MINUTE);
  }

  private void stoppedJob(String id, long at) {
    apply(new SubmitJob(id, "key-" + id, new JobSpec(id, List.of(new TaskSpec("api", "img", List.of(), Map.of(), 1, null, null))),
        List.of(id + "-t1"), at));
    apply(new StopJob(id, at));
  }

  @Test
  void proposesNothingUntilAJobHasBeenEndedForItsRetention() {
    GarbageCollector gc = collector(Retention.of(HOUR), Retention.of(HOUR));
    stoppedJob("j1", T0);
    gc.tick();
    assertThat(proposed).as("stopped just now").isEmpty();

    now.addAndGet(HOUR.toMillis() + MINUTE.toMillis());
    gc.tick();
    assertThat(proposed).containsExactly(new CollectGarbage(List.of("j1"), List.of(), now.get() - HOUR.toMillis(),
        now.get() - HOUR.toMillis(), now.get()));
    commitLast();
    assertThat(state.jobs()).isEmpty();
    assertThat(state.idempotency()).isEmpty();
  }

  @Test
  void oneCollectionAtATimeAndThenOnePerInterval() {
    GarbageCollector gc = collector(Retention.of(HOUR), Retention.of(HOUR));
    stoppedJob("j1", T0);
    now.set(T0 + 2 * HOUR.toMillis());
    gc.tick();
    gc.tick();
    assertThat(proposed).as("the first is still in flight").hasSize(1);
    commitLast();

    stoppedJob("j2", T0);
    gc.tick();
    assertThat(proposed).as("an interval has not passed").hasSize(1);
    now.addAndGet(MINUTE.toMillis());
    gc.tick();
    assertThat(proposed).hasSize(2);
    assertThat(((CollectGarbage) proposed.get(1)).jobIds()).containsExactly("j2");
  }

  @Test
  void aFailedProposalIsTriedAgainAfterAnInterval() {
    GarbageCollector gc = collector(Retention.of(HOUR), Retention.of(HOUR));
    stoppedJob("j1", T0);
    now.set(T0 + 2 * HOUR.toMillis());
    gc.tick();
    answers.get(0).completeExceptionally(new IllegalStateException("not leader"));
    gc.tick();
    assertThat(proposed).hasSize(1);
    now.addAndGet(MINUTE.toMillis());
    gc.tick();
    assertThat(proposed).hasSize(2);
  }

  @Test
  void aRetentionThatIsOffKeepsThatKindForever() {
    GarbageCollector gc = collector(Retention.OFF, Retention.of(HOUR));
    stoppedJob("j1", T0);
    apply(new RegisterNode("n1", "h", Resources.of(1, 1, 1), Map.of(), "process", T0));
    apply(new MarkNodeDown("n1", "gone", T0));
    now.set(T0 + 1000 * HOUR.toMillis());
    gc.tick();
    assertThat(proposed).hasSize(1);
    CollectGarbage c = (CollectGarbage) proposed.get(0);
    assertThat(c.jobIds()).isEmpty();
    assertThat(c.jobsEndedBy()).isEqualTo(Long.MIN_VALUE);
    assertThat(c.nodeIds()).containsExactly("n1");

    GarbageCollector off = collector(Retention.OFF, Retention.OFF);
    off.tick();
    assertThat(proposed).hasSize(1);
  }
}
