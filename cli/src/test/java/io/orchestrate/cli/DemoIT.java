package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.client.Time;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.worker.driver.DockerDriver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command, run as a user runs it (managers and workers are real child processes). Slow: about a minute for both. */
class DemoIT {
  @TempDir Path dir;

  private static CliRun demo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), Time.SYSTEM))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  private static void assertStory(CliRun r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("cluster up: leader")
        .contains("mutual TLS on every port and API tokens")
        .containsPattern("plain HTTP to 127\\.0\\.0\\.1:\\d+: refused")
        .contains("with the client certificate but no token: HTTP 401")
        .containsPattern("export ORCHESTRATE_MANAGERS=127\\.0\\.0\\.1:\\d+,\\S+ ORCHESTRATE_CA=\\S+ca\\.crt ORCHESTRATE_CERT=\\S+\\.crt"
            + " ORCHESTRATE_KEY=\\S+\\.key ORCHESTRATE_TOKEN=\\S+")
        .contains("workers w1 and w2 registered")
        .containsPattern("new leader m\\d in term \\d+, elected \\d+ ms after the kill")
        .containsPattern("job batch \\(j-[0-9a-f]+\\) committed by the new leader \\d+ ms after the kill")
        .contains("the same 3 containers are running, none restarted: yes")
        .containsPattern("m\\d caught up: applied index \\d+")
        .contains("done in");
  }

  @Test
  void demoWithTheProcessDriver() {
    CliRun r = demo("demo", "--driver", "process", "--dir", dir.resolve("demo").toString());
    assertStory(r);
    assertThat(r.out()).contains("driver: process (as asked with --driver)").contains("--allow process-driver");
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dir.toString())).count())
        .as("no process of the demo is left").isZero();
  }

  @Test
  @RequiresDocker(images = "local/busybox:1")
  void demoWithDockerLeavesNoContainerBehind() throws Exception {
    CliRun r = demo("demo", "--dir", dir.resolve("demo").toString());
    assertStory(r);
    assertThat(r.out()).contains("driver: docker (engine answered with local/busybox:1)");
    for (String node : new String[] {"w1", "w2"}) {
      try (DockerDriver d = DockerDriver.fromEnvironment(node)) {
        assertThat(d.list()).as("containers left on " + node).isEmpty();
      }
    }
  }
}
