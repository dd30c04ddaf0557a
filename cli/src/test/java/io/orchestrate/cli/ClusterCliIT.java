package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.client.Time;
import io.orchestrate.testkit.MiniCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI against three real managers, the first one listed being down. */
class ClusterCliIT {
  @TempDir Path dir;

  private static CliRun cli(String managers, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(Map.of("ORCHESTRATE_MANAGERS", managers), Time.SYSTEM))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void runStatusAndStopWorkWhileTheFirstListedManagerIsDown() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir.resolve("cluster"), 3)) {
      c.kill("m1");
      c.leader();
      String managers = String.join(",", c.apis());
      assertThat(managers).startsWith(c.api("m1"));
      Path job = dir.resolve("web.yaml");
      Files.writeString(job, """
          name: web
          tasks:
            - name: api
              image: local/busybox:1
              count: 2
              resources: {cpu: 0.5, memoryMb: 128}
          """);

      CliRun run = cli(managers, "run", "-f", job.toString());
      assertThat(run.exitCode()).as(run.toString()).isZero();
      String id = run.out().trim();
      assertThat(id).startsWith("j-");

      CliRun status = cli(managers, "status", id);
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(status.out()).contains(id).contains("web").contains("api/0").contains("api/1").contains("PENDING");

      CliRun list = cli(managers, "status", "-o", "json");
      assertThat(list.exitCode()).isZero();
      assertThat(list.out()).contains("\"id\" : \"" + id + "\"");

      CliRun stop = cli(managers, "stop", id);
      assertThat(stop.exitCode()).as(stop.toString()).isZero();
      CliRun after = cli(managers, "status", id);
      assertThat(after.out()).contains("stopped").contains("STOPPED").doesNotContain("PENDING");

      CliRun missing = cli(managers, "stop", "j-missing");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).contains("j-missing");

      CliRun members = cli(managers, "cluster", "members");
      assertThat(members.exitCode()).isZero();
      assertThat(members.out()).contains("UNREACHABLE").contains("LEADER");

      c.restart("m1");
    }
  }

  @Test
  void allManagersDownExitsThreeNamingThem() {
    CliRun r = cli("127.0.0.1:1,127.0.0.1:2", "status", "--timeout", "1s");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("127.0.0.1:1").contains("127.0.0.1:2");
  }
}
