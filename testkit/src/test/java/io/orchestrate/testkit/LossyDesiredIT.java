package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose desired-set frames are dropped, duplicated and reordered on the way still ends
 * up running exactly what the leader wants of it: the frames are versioned, the worker reports the
 * version and digest it holds in every heartbeat, and the leader sends the whole set again when
 * they disagree. The last change's frame is always dropped, so a leader that only sent on changes
 * would leave the worker wrong for good.
 */
class LossyDesiredIT {
  private static final Duration WAIT = MiniCluster.WAIT;
  @TempDir Path dir;

  private static String job(String name, int count) {
    return """
        name: %s
        tasks:
          - name: sleeper
            image: local/busybox:1
            command: ["sh", "-c", "exec sleep 3600"]
            count: %d
            resources: {cpu: 0.01, memoryMb: 1}
        """.formatted(name, count);
  }

  @Test
  void aWorkerBehindALossyPathConvergesOnTheLeadersSet() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 1);
        FaultyGatewayProxy proxy = new FaultyGatewayProxy(c.gateways(), 42)) {
      Worker w = c.startWorker("w1", "process", Resources.of(8, 4096, 1000), b -> b.clearManagers().managers(proxy.address()));
      proxy.faults(0.3, 0.2, 0.2);
      Random random = new Random(7);
      List<String> live = new ArrayList<>();
      for (int round = 0; round < 12; round++) {
        live.add(Tasks.submit(c, job("j" + round, 1 + random.nextInt(3))));
        if (live.size() > 2 && random.nextBoolean()) {
          String stop = live.remove(random.nextInt(live.size()));
          assertThat(c.http().delete(c.leader().apiAddress().toString(), "/v1/jobs/" + stop).status()).isEqualTo(200);
        }
      }
      // The frames of the last change never arrive.
      proxy.dropNext(3);
      String last = live.remove(0);
      assertThat(c.http().delete(c.leader().apiAddress().toString(), "/v1/jobs/" + last).status()).isEqualTo(200);

      await("the worker runs exactly the leader's desired set").atMost(WAIT).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            Map<String, Long> wanted = desired(c.leader().stateMachine().image(), "w1");
            return !wanted.isEmpty() && wanted.equals(running(w));
          });
      assertThat(proxy.dropped.get()).as("frames were lost on the way").isGreaterThan(3);
      assertThat(proxy.duplicated.get() + proxy.reordered.get()).isPositive();
      for (String job : live) {
        await("tasks of " + job + " RUNNING").atMost(WAIT).until(() -> Tasks.allIn(c, job, "RUNNING"));
      }
    }
  }

  /** Task id to generation of what the leader wants the node to run. */
  private static Map<String, Long> desired(StateImage s, String node) {
    Map<String, Long> out = new HashMap<>();
    for (String id : s.taskIdsOnNode(node)) {
      Task t = s.tasks().get(id);
      out.put(id, t.generation());
    }
    return out;
  }

  /** Task id to generation of what the worker runs, by its own records: RUNNING copies only. */
  private static Map<String, Long> running(Worker w) {
    Map<String, Long> out = new HashMap<>();
    w.tasks().forEach((id, r) -> {
      if (r.state() == io.orchestrate.core.model.TaskState.RUNNING) out.put(id, r.generation());
    });
    if (out.size() != w.tasks().size()) return Map.of("(some copies are not running)", -1L);
    return out;
  }
}
