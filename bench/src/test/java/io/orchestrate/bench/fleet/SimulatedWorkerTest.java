package io.orchestrate.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredDigest;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.GatewayCodec;
import io.orchestrate.gateway.protocol.Heartbeat;
import io.orchestrate.gateway.protocol.NotLeader;
import io.orchestrate.gateway.protocol.Register;
import io.orchestrate.gateway.protocol.Registered;
import io.orchestrate.gateway.protocol.RunningTask;
import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One simulated worker against a gateway the test plays: the protocol as the real worker speaks it. */
class SimulatedWorkerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Resources CAPACITY = Resources.of(2, 200, 1024);

  @Test
  void followsNotLeaderReportsNewTasksRunningAndHeartbeatsTheVersionAndDigestItHolds() throws Exception {
    try (ScriptedGateway follower = new ScriptedGateway(); ScriptedGateway leader = new ScriptedGateway();
        SimulatedFleet fleet = SimulatedFleet.start(1, CAPACITY, List.of(follower.address()), 1, "t1")) {
      Register first = follower.next(Register.class, WAIT);
      assertThat(first.readsVersionedDesired()).isTrue();
      assertThat(first.keepalive()).isFalse();
      assertThat(first.capacity()).isEqualTo(CAPACITY);
      follower.send(new NotLeader("m2", leader.address()));

      Register r = leader.next(Register.class, WAIT);
      assertThat(r.nodeId()).isEqualTo(first.nodeId());
      assertThat(r.runningTasks()).isEmpty();
      leader.send(new Registered(3, "m2", 100, 1_000));
      List<DesiredTask> tasks = List.of(task("a", 1), task("b", 1));
      Desired part1 = Desired.fullPart(3, r.nodeId(), 1, 1, 2, tasks.subList(0, 1));
      Desired part2 = Desired.fullPart(3, r.nodeId(), 1, 2, 2, tasks.subList(1, 2));
      leader.send(part1);
      leader.send(part2);

      // Reported once the whole set is in, as one batch for the frame that completed it.
      TaskStatus s = leader.next(TaskStatus.class, WAIT);
      assertThat(byTask(s)).isEqualTo(Map.of("a", "RUNNING/1", "b", "RUNNING/1"));
      Heartbeat h = leader.next(Heartbeat.class, b -> b.applied() != null && b.applied() == 1, WAIT);
      assertThat(h.digest()).isEqualTo(DesiredDigest.ofTasks(tasks));
      assertThat(h.stats().tasksRunning()).isEqualTo(2);

      FleetCounters c = fleet.counters();
      assertThat(fleet.registeredAbove(2)).isEqualTo(1);
      assertThat(c.notLeaderAnswers()).isEqualTo(1);
      assertThat(c.held()).isEqualTo(2);
      assertThat(c.reportedRunning()).isEqualTo(2);
      assertThat(c.desiredFrames()).isEqualTo(2);
      // The meter sees each frame as the codec does: the encoded message, without its length prefix.
      assertThat(c.largestDesiredFrame()).isEqualTo(Math.max(GatewayCodec.encode(part1).length, GatewayCodec.encode(part2).length));
    }
  }

  @Test
  void countsTasksHeldAtTheMarkThatALaterSetDropsOrRegeneratesAndReRegistersWithWhatItRuns() throws Exception {
    try (ScriptedGateway gw = new ScriptedGateway(); SimulatedFleet fleet = SimulatedFleet.start(1, CAPACITY, List.of(gw.address()), 1, "t2")) {
      String node = gw.next(Register.class, WAIT).nodeId();
      gw.send(new Registered(1, "m1", 100, 1_000));
      gw.send(Desired.fullPart(1, node, 1, 1, 1, List.of(task("a", 1), task("b", 1), task("c", 1))));
      gw.next(TaskStatus.class, WAIT);
      fleet.mark(WAIT);

      // a dropped, b placed again (new generation), d new: only a and b were held at the mark.
      gw.send(Desired.delta(1, node, 2, 1, List.of(task("b", 2), task("d", 1)), List.of("a")));
      TaskStatus s = gw.next(TaskStatus.class, WAIT);
      assertThat(byTask(s)).isEqualTo(Map.of("a", "STOPPED/1", "b", "RUNNING/2", "d", "RUNNING/1"));
      FleetCounters c = fleet.counters();
      assertThat(c.removedAfterMark()).isEqualTo(1);
      assertThat(c.regeneratedAfterMark()).isEqualTo(1);

      // A delta that does not follow the version held is ignored: nothing changes, nothing is reported.
      gw.send(Desired.delta(1, node, 9, 7, List.of(), List.of("b", "c", "d")));
      gw.next(Heartbeat.class, h -> h.applied() != null && h.applied() == 2, WAIT);
      assertThat(c.held()).isEqualTo(3);

      gw.drop();
      Register again = gw.next(Register.class, WAIT);
      assertThat(again.runningTasks().stream().collect(Collectors.toMap(RunningTask::taskId, RunningTask::generation)))
          .isEqualTo(Map.of("b", 2L, "c", 1L, "d", 1L));
      assertThat(again.runningTasks()).allMatch(t -> t.state() == TaskState.RUNNING);
      gw.send(new Registered(2, "m2", 100, 1_000));
      // A deposed leader's word (a lower term than seen) is fenced off: an empty set of term 1 stops nothing.
      gw.send(Desired.fullPart(1, node, 5, 1, 1, List.of()));
      gw.send(Desired.fullPart(2, node, 1, 1, 1, List.of(task("b", 2), task("c", 1), task("d", 1))));
      gw.next(Heartbeat.class, h -> h.applied() != null && h.applied() == 1, WAIT);
      assertThat(c.staleTermMessages()).isEqualTo(1);
      assertThat(c.held()).isEqualTo(3);
      assertThat(c.removedAfterMark() + c.regeneratedAfterMark()).as("the same set after reconnecting moves nothing").isEqualTo(2);
    }
  }

  private static DesiredTask task(String id, long generation) {
    return new DesiredTask(id, "job", "t", 0, generation, "local/busybox:1", List.of("sleep", "3600"), Map.of(), Resources.of(0.01, 1, 0),
        RestartPolicy.defaults());
  }

  private static Map<String, String> byTask(TaskStatus s) {
    return s.updates().stream().collect(Collectors.toMap(TaskUpdate::taskId, u -> u.state() + "/" + u.generation()));
  }
}
