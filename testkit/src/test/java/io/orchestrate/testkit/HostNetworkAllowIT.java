package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.spec.Resources;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's {@code --allow host-network}, end to end: the worker reports it when it registers,
 * the leader records it on the node (the API shows it), and host-network tasks run only there.
 */
class HostNetworkAllowIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  @Test
  void hostNetworkTasksRunOnlyOnTheWorkerThatAllowsThem() {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      c.startWorker("w1", "process", Resources.of(8, 4096, 1000));
      c.startWorker("w2", "process", Resources.of(2, 1024, 1000), b -> b.allow(Allow.HOST_NETWORK));
      assertThat(c.leader().stateMachine().image().nodes().get("w2").allows()).containsExactly(Allow.HOST_NETWORK, Allow.PROCESS_DRIVER);
      assertThat(c.leader().stateMachine().image().nodes().get("w1").allows()).containsExactly(Allow.PROCESS_DRIVER);
      JsonNode nodes = c.http().get(c.leader().apiAddress().toString(), "/v1/nodes").json();
      assertThat(nodes.toString()).contains("\"allows\":[\"host-network\",\"process-driver\"]");

      String job = Tasks.submit(c, """
          name: hostnet
          tasks:
            - name: api
              image: local/busybox:1
              command: ["sleep", "600"]
              network: host
              count: 3
              resources: {cpu: 0.1, memoryMb: 32}
          """);
      await("the host-network tasks RUNNING").atMost(WAIT).until(() -> Tasks.allIn(c, job, "RUNNING"));
      // w1 has far more room, so every scorer would put some there if it were allowed.
      assertThat(Tasks.of(c, job)).extracting(t -> t.path("node").asText()).containsOnly("w2");
    }
  }
}
