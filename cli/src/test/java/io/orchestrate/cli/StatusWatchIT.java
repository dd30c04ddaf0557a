package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.Time;
import io.orchestrate.testkit.HttpApi;
import io.orchestrate.testkit.MiniCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrate status JOB --watch}: the job again when it changes, and only then. */
class StatusWatchIT {
  @TempDir Path dir;

  @Test
  void watchRedrawsTheJobWhenItIsStopped() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      byte[] job = """
          name: watched
          tasks:
            - name: api
              image: local/busybox:1
              command: ["sleep", "3600"]
              count: 2
          """.getBytes(StandardCharsets.UTF_8);
      String id = c.submit(job, null).json().path("id").asText();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> OrchestrateCommand
          .commandLine(new CliEnvironment(Map.of("ORCHESTRATE_MANAGERS", c.api("m1")), Time.SYSTEM))
          .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
          .execute("status", id, "--watch", "--max-redraws", "2"));
      await().atMost(MiniCluster.WAIT).until(() -> out.toString().contains("Status:   pending"));
      // A redraw needs an event about this job: none comes while its tasks wait for a node.
      assertThat(out.toString()).doesNotContain("--- ");
      assertThat(c.http().delete(c.api("m1"), "/v1/jobs/" + id).status()).isEqualTo(200);

      await().atMost(MiniCluster.WAIT).until(() -> out.toString().contains("Status:   stopped"));
      String text = out.toString();
      assertThat(text).containsPattern("--- \\d+\\.\\d+ (job\\.stopped|task\\.stopped)");
      assertThat(text.substring(text.indexOf("--- "))).contains("Job:      " + id).contains("Status:   stopped");
      // The stop is one entry with three events (the job and its two tasks): one redraw, not three.
      assertThat(text.split("\n--- ", -1)).hasSize(2);
      // A second change (the job collected) is a second entry: the watch prints it and ends.
      HttpApi.Reply gc = c.http().post(c.api("m1"), "/v1/gc?jobsOlderThan=0", new byte[0], Map.of("Content-Type", "application/json"));
      assertThat(gc.status()).as(gc.text()).isEqualTo(200);
      assertThat(watch.get(30, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(ExitCodes.OK);
      assertThat(out.toString()).contains("job " + id + " was collected");
    }
  }
}
