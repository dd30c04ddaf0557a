package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.SetPendingReasons;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.NetworkMode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.Schedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The leader's scheduling round keeps {@code network: host} tasks off nodes that do not allow the
 * host network (including nodes registered before workers reported what they allow), says why while
 * none does, and places them as soon as a node registers allowing it.
 */
class HostNetworkSchedulingTest {
  private static final long T0 = 1_700_000_000_000L;

  private StateImage state = StateImage.EMPTY;
  private long index;
  private final AtomicLong now = new AtomicLong(T0);
  private final List<Command> proposed = new ArrayList<>();
  private final SchedulingLoop loop = new SchedulingLoop(() -> state, Schedulers.byName("epvm"), this::propose, now::get);

  private CompletableFuture<CommandResult> propose(Command c) {
    proposed.add(c);
    return CompletableFuture.completedFuture(null);
  }

  private void apply(Command c) {
    state = Applier.apply(state, c, ++index).image();
  }

  private void round() {
    if (loop.round() != null) loop.roundDone();
  }

  private void submitHostJob(int count) {
    TaskSpec spec = new TaskSpec("api", "local/busybox:1", List.of("sleep", "60"), Map.of(), count, Resources.of(0.5, 64, 10), null, null)
        .withNetwork(NetworkMode.HOST);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) ids.add("t-" + i);
    apply(new SubmitJob("j-host", null, new JobSpec("host", List.of(spec)), ids, now.get()));
  }

  @Test
  void aHostNetworkTaskWaitsWithAReasonUntilANodeAllowsIt_thenGoesOnlyThere() {
    apply(new RegisterNode("old", "10.0.0.1", Resources.of(8, 8192, 1000), Map.of(), "docker", now.get())); // reports nothing
    apply(new RegisterNode("strict", "10.0.0.2", Resources.of(8, 8192, 1000), Map.of(), "docker", now.get(), Set.of(Allow.PROCESS_DRIVER)));
    submitHostJob(2);
    now.addAndGet(SchedulingLoop.REASON_AFTER_MILLIS + SchedulingLoop.IDLE_SCAN_MILLIS);
    round();
    assertThat(proposed).singleElement().isInstanceOfSatisfying(SetPendingReasons.class,
        r -> assertThat(r.reasons().values()).containsOnly("no ready node allows host-network, which the task needs"
            + " (2 nodes checked; a worker allows it when started with --allow host-network)"));
    proposed.clear();

    apply(new RegisterNode("open", "10.0.0.3", Resources.of(2, 1024, 1000), Map.of(), "docker", now.get(), Set.of(Allow.HOST_NETWORK)));
    assertThat(state.nodes().get("open").allows()).containsExactly(Allow.HOST_NETWORK);
    round();
    assertThat(proposed).filteredOn(PlaceTasks.class::isInstance).singleElement().isInstanceOfSatisfying(PlaceTasks.class,
        p -> assertThat(p.placements()).extracting(PlaceTasks.Placement::nodeId).containsExactly("open", "open"));
  }

  @Test
  void aWorkerThatReRegistersWithoutTheAllowanceNoLongerAllowsIt() {
    apply(new RegisterNode("n1", "10.0.0.1", Resources.of(8, 8192, 1000), Map.of(), "docker", now.get(), Set.of(Allow.HOST_NETWORK)));
    long version = state.nodes().get("n1").version();
    apply(new RegisterNode("n1", "10.0.0.1", Resources.of(8, 8192, 1000), Map.of(), "docker", now.get()));
    assertThat(state.nodes().get("n1").allows()).isEmpty();
    assertThat(state.nodes().get("n1").version()).as("a change of allowances is a change of facts").isGreaterThan(version);
  }
}
