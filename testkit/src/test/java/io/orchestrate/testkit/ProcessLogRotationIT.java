package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.worker.driver.OutputRotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process-driver worker configured to rotate small output files: a chatty task leaves only the
 * kept files on disk, and its output read through the leader's API is still whole, in order and
 * tailed across them.
 */
class ProcessLogRotationIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  private static byte[] chatty() {
    return """
        name: chatty
        tasks:
          - name: printer
            image: local/busybox:1
            command: ["sh", "-c", "seq 1 5000; sleep 3600"]
            count: 1
            resources: {cpu: 0.1, memoryMb: 16, diskMb: 10}
        """.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aChattyTaskKeepsOnlyTheKeptFilesAndItsOutputIsStillReadWholeAndTailed() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      c.startWorker("w1", "process", Resources.of(2, 1024, 1000), b -> b.processOutput(new OutputRotation(8192, 2)));
      String job = c.submit(chatty(), null).json().path("id").asText();
      await("task placed").atMost(WAIT).until(() -> !Tasks.of(c, job).isEmpty() && !Tasks.of(c, job).get(0).path("node").isMissingNode());
      String task = Tasks.of(c, job).get(0).path("id").asText();
      String api = c.leader().apiAddress().toString();
      await("the last line printed").atMost(WAIT).until(() -> c.http().get(api, "/v1/tasks/" + task + "/logs?tail=1").text().equals("5000\n"));

      assertThat(c.http().get(api, "/v1/tasks/" + task + "/logs?tail=3").text()).isEqualTo("4998\n4999\n5000\n");
      List<String> all = c.http().get(api, "/v1/tasks/" + task + "/logs").text().lines().toList();
      int first = Integer.parseInt(all.get(0));
      assertThat(first).as("the oldest output was rotated away").isGreaterThan(1);
      assertThat(all).isEqualTo(IntStream.rangeClosed(first, 5000).mapToObj(Integer::toString).toList());

      List<String> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("output.log")).sorted().toList();
      }
      assertThat(files).containsExactly("output.log", "output.log.1", "output.log.2");
    }
  }
}
