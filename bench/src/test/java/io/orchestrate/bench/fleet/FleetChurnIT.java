package io.orchestrate.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.localcluster.LocalCluster;
import io.orchestrate.manager.state.StateImage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Two hundred simulated workers on the real gateway protocol while jobs are submitted and stopped
 * and, all the while, workers drop their connections and restart having lost what they ran. Once
 * the churn ends, every worker must run exactly the leader's desired set for it, and no task may
 * run on two nodes. Bounded: 30 rounds or 40 s of churn, whichever ends first.
 */
class FleetChurnIT {
  private static final int NODES = 200;
  private static final int ROUNDS = 30;
  private static final Duration CHURN = Duration.ofSeconds(40);
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @Test
  void afterChurnEveryWorkerRunsExactlyItsDesiredSetAndNoTaskRunsTwice() throws Exception {
    Random random = new Random(12);
    try (LocalCluster cluster = LocalCluster.builder(Files.createTempDirectory("fleet-churn-")).managers(3).deleteOnClose(true).start();
        SimulatedFleet fleet = SimulatedFleet.start(NODES, Resources.of(64, 65_536, 100_000), Arrays.asList(cluster.gateways().split(",")), 2,
            "churn")) {
      ManagersClient client = new ManagersClient(cluster.apis(), ClientSettings.defaults().withTimeout(Duration.ofSeconds(30)), Time.SYSTEM);
      await("all " + NODES + " nodes registered").atMost(CONVERGE).until(() -> fleet.registeredAbove(0) == NODES);

      List<String> nodes = fleet.nodeIds();
      List<String> live = new ArrayList<>();
      int stopped = 0;
      long until = System.nanoTime() + CHURN.toNanos();
      for (int round = 0; round < ROUNDS && System.nanoTime() < until; round++) {
        for (int j = 0; j < 3; j++) {
          String name = "churn-" + round + "-" + j;
          live.add(client.submitJob(JobSubmitter.body(name, 1 + random.nextInt(40)), name).value().id());
        }
        if (live.size() > 4) {
          client.stopJob(live.remove(random.nextInt(live.size())));
          stopped++;
        }
        fleet.reconnect(pick(nodes, 10, random));
        fleet.restartEmpty(pick(nodes, 3, random));
      }
      assertThat(stopped).isPositive();

      Map<String, Map<String, Long>>[] last = new Map[2];
      await("every worker runs exactly the leader's desired set for it").atMost(CONVERGE).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            StateImage leader = cluster.leader().stateMachine().image();
            Map<String, Map<String, Long>> held = fleet.held(Duration.ofSeconds(10));
            Map<String, Map<String, Long>> wanted = new HashMap<>();
            for (String n : nodes) wanted.put(n, desired(leader, n));
            last[0] = wanted;
            last[1] = held;
            return wanted.equals(held) && wanted.values().stream().mapToInt(Map::size).sum() > 0;
          });

      Map<String, String> nodeOf = new HashMap<>();
      last[1].forEach((node, tasks) -> tasks.keySet().forEach(t -> {
        String other = nodeOf.putIfAbsent(t, node);
        assertThat(other).as("task %s runs on %s and %s", t, other, node).isNull();
      }));
      // Every task of a live job runs, on exactly one node; no task of a stopped job runs anywhere.
      StateImage leader = cluster.leader().stateMachine().image();
      int expected = 0;
      for (String job : live) expected += leader.tasksOf(job).stream().filter(t -> t.replacedBy() == null && !t.state().isTerminal()).count();
      assertThat(nodeOf).hasSize(expected);
      System.out.printf("fleet churn: %d nodes, %d jobs live (%d tasks running), %d stopped; reconnects %d%n", NODES, live.size(),
          expected, stopped, fleet.counters().registrations());
    }
  }

  private static Set<String> pick(List<String> nodes, int n, Random random) {
    Set<String> out = new TreeSet<>();
    while (out.size() < n) out.add(nodes.get(random.nextInt(nodes.size())));
    return out;
  }

  private static Map<String, Long> desired(StateImage s, String node) {
    Map<String, Long> out = new HashMap<>();
    for (String id : s.taskIdsOnNode(node)) {
      Task t = s.tasks().get(id);
      out.put(id, t.generation());
    }
    return out;
  }
}
