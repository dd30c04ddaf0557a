package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredDigest;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The leader's side of versioned delivery, against a channel that keeps what it is sent: deltas
 * while the worker keeps up, the whole set again when it reports something else, stalls, or a
 * write fails, and frames bounded by the budget.
 */
class DesiredPublisherTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long TERM = 3;
  private static final Duration RESYNC_AFTER = Duration.ofSeconds(3);

  private StateImage state = StateImage.EMPTY;
  private long index;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean failWrites = new AtomicBoolean();
  private final NodeSessions sessions = new NodeSessions();
  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (failWrites.get()) promise.setFailure(new java.io.IOException("injected write failure"));
      else ctx.write(msg, promise);
    }
  });
  private NodeSessions.Session session;
  /** The worker's view, built from the frames exactly as a worker applies them. */
  private final Map<String, Long> worker = new HashMap<>();
  private long workerVersion;
  private int jobs;

  private void apply(Command c) {
    state = Applier.apply(state, c, ++index).image();
  }

  private DesiredPublisher publisher(int budget) {
    apply(new RegisterNode("w1", "10.0.0.1", Resources.of(64, 1 << 20, 1 << 20), Map.of(), "process", T0));
    session = sessions.open("w1", channel, true);
    return new DesiredPublisher(() -> state, sessions, RESYNC_AFTER, budget, nanos::get);
  }

  /** Submits and places a job of {@code count} tasks on w1; returns its id. */
  private String placeJob(int count) {
    String id = "j-" + (++jobs);
    TaskSpec spec = new TaskSpec("g", "local/busybox:1", List.of("sleep", "60"), Map.of(), count, Resources.of(0.01, 1, 0), null, null);
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < count; i++) taskIds.add(id + "-t" + i);
    apply(new SubmitJob(id, null, new JobSpec(id, List.of(spec)), taskIds, T0));
    List<PlaceTasks.Placement> placements = new ArrayList<>();
    for (String t : taskIds) placements.add(new PlaceTasks.Placement(t, "w1", state.tasks().get(t).version()));
    apply(new PlaceTasks(placements, T0));
    return id;
  }

  private List<Desired> sent() {
    List<Desired> out = new ArrayList<>();
    for (Object o; (o = channel.readOutbound()) != null; ) out.add((Desired) o);
    return out;
  }

  /** Applies frames as the worker's tracker does (in order, nothing lost). */
  private void deliver(List<Desired> frames) {
    for (Desired d : frames) {
      if (d.isDelta()) {
        assertThat(d.base()).as("delta base").isEqualTo(workerVersion);
        d.removed().forEach(worker::remove);
      } else if (d.part() == 1) {
        worker.clear();
      }
      d.tasks().forEach(t -> worker.put(t.taskId(), t.generation()));
      workerVersion = d.version();
    }
  }

  private long workerDigest() {
    long d = DesiredDigest.EMPTY;
    for (Map.Entry<String, Long> e : worker.entrySet()) d ^= DesiredDigest.of(e.getKey(), e.getValue());
    return d;
  }

  private void heartbeat() {
    session.delivery().acknowledged(workerVersion, workerDigest(), nanos.get());
  }

  private Map<String, Long> leaderWants() {
    Map<String, Long> out = new HashMap<>();
    for (String id : state.taskIdsOnNode("w1")) out.put(id, state.tasks().get(id).generation());
    return out;
  }

  @Test
  void theFirstSetIsWholeThenOnlyChangesTravel() {
    DesiredPublisher p = publisher(64 * 1024);
    placeJob(3);
    p.publish(TERM);
    List<Desired> first = sent();
    assertThat(first).hasSize(1);
    assertThat(first.get(0).isDelta()).isFalse();
    deliver(first);

    String second = placeJob(2);
    p.publish(TERM);
    List<Desired> change = sent();
    assertThat(change).hasSize(1);
    assertThat(change.get(0).isDelta()).isTrue();
    assertThat(change.get(0).tasks()).extracting(DesiredTask::taskId).containsExactlyInAnyOrder(second + "-t0", second + "-t1");
    deliver(change);

    apply(new StopJob("j-1", T0));
    p.publish(TERM);
    List<Desired> stop = sent();
    assertThat(stop).singleElement().satisfies(d -> assertThat(d.removed()).containsExactlyInAnyOrder("j-1-t0", "j-1-t1", "j-1-t2"));
    deliver(stop);
    assertThat(worker).isEqualTo(leaderWants());

    heartbeat();
    p.publish(TERM);
    assertThat(sent()).as("an acknowledged, unchanged set is not sent again").isEmpty();
  }

  @Test
  void aLostFrameIsMadeGoodByTheWholeSetOnceAcknowledgementsStall() {
    DesiredPublisher p = publisher(64 * 1024);
    placeJob(2);
    p.publish(TERM);
    deliver(sent());
    heartbeat();

    placeJob(1);
    p.publish(TERM);
    List<Desired> lost = sent(); // never reaches the worker
    assertThat(lost).hasSize(1);
    apply(new StopJob("j-1", T0));
    p.publish(TERM);
    List<Desired> unusable = sent();
    assertThat(unusable.get(0).base()).as("builds on the lost frame").isEqualTo(lost.get(0).version());

    nanos.addAndGet(RESYNC_AFTER.toNanos() / 2);
    heartbeat();
    p.publish(TERM);
    assertThat(sent()).as("not yet: the frames may still be on their way").isEmpty();

    nanos.addAndGet(RESYNC_AFTER.toNanos());
    heartbeat();
    p.publish(TERM);
    List<Desired> resync = sent();
    assertThat(resync).isNotEmpty().allSatisfy(d -> assertThat(d.isDelta()).isFalse());
    deliver(resync);
    assertThat(worker).isEqualTo(leaderWants()).containsOnlyKeys("j-2-t0");
  }

  @Test
  void aDigestThatDiffersAtTheSentVersionBringsTheWholeSet() {
    DesiredPublisher p = publisher(64 * 1024);
    placeJob(2);
    p.publish(TERM);
    deliver(sent());
    worker.put("phantom", 1L); // the worker holds something it was never sent
    heartbeat();
    p.publish(TERM);
    List<Desired> resync = sent();
    assertThat(resync).singleElement().satisfies(d -> assertThat(d.isDelta()).isFalse());
    deliver(resync);
    assertThat(worker).isEqualTo(leaderWants());
  }

  @Test
  void aFailedWriteIsNotTakenAsSent() {
    DesiredPublisher p = publisher(64 * 1024);
    placeJob(1);
    failWrites.set(true);
    p.publish(TERM);
    channel.runPendingTasks();
    assertThat(sent()).isEmpty();
    failWrites.set(false);
    p.publish(TERM);
    List<Desired> again = sent();
    assertThat(again).as("the whole set again after the failed write").singleElement()
        .satisfies(d -> assertThat(d.isDelta()).isFalse());
    deliver(again);
    assertThat(worker).isEqualTo(leaderWants());
  }

  @Test
  void framesStayWithinTheBudgetWhateverTheSetSize() {
    int budget = 16 * 1024;
    DesiredPublisher p = publisher(budget);
    placeJob(2_000);
    p.publish(TERM);
    List<Desired> whole = sent();
    assertThat(whole.size()).isGreaterThan(10);
    for (Desired d : whole) assertThat(io.orchestrate.gateway.protocol.GatewayCodec.encode(d).length).isLessThanOrEqualTo(budget);
    deliver(whole);
    placeJob(1_000);
    p.publish(TERM);
    List<Desired> change = sent();
    assertThat(change.size()).isGreaterThan(5);
    assertThat(change).allSatisfy(d -> assertThat(d.isDelta()).isTrue());
    for (Desired d : change) assertThat(io.orchestrate.gateway.protocol.GatewayCodec.encode(d).length).isLessThanOrEqualTo(budget);
    deliver(change);
    assertThat(worker).isEqualTo(leaderWants()).hasSize(3_000);
  }
}
