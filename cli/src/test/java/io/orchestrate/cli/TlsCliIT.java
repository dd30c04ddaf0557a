package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.Time;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.testkit.MiniCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI against a TLS cluster: with a client certificate from the environment it works, without it is refused. */
class TlsCliIT {
  @TempDir Path dir;

  private static CliRun cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(env, Time.SYSTEM))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void clientCommandsReachATlsClusterWithTheirCertificateAndOnlyWithIt() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir.resolve("cluster"), 3, b -> b, true)) {
      String leader = c.leader().apiAddress().toString();
      TlsFiles alice = c.pki().client("alice");
      java.util.List<String> followersFirst = new java.util.ArrayList<>(c.apis());
      followersFirst.remove(leader);
      followersFirst.add(leader);
      Map<String, String> plain = Map.of("ORCHESTRATE_MANAGERS", String.join(",", followersFirst));
      Map<String, String> tls = new HashMap<>(plain);
      tls.put("ORCHESTRATE_CA", alice.ca().toString());
      tls.put("ORCHESTRATE_CERT", alice.cert().toString());
      tls.put("ORCHESTRATE_KEY", alice.key().toString());
      Path job = dir.resolve("web.yaml");
      Files.writeString(job, """
          name: web
          tasks:
            - name: api
              image: local/busybox:1
              resources: {cpu: 0.5, memoryMb: 128}
          """);

      // Listing the followers first: a follower forwards the write to the leader over HTTPS with its own certificate.
      CliRun run = cli(tls, "run", "-f", job.toString(), "--timeout", "10s");
      // The members view probes each manager with an 800 ms bound: on a loaded machine one view may show a
      // slow one UNREACHABLE, so it is asked again (bounded) until every manager answered.
      CliRun members = await("every manager answers the members view's probe").atMost(MiniCluster.WAIT)
          .until(() -> cli(tls, "cluster", "members"), m -> m.exitCode() != 0 || !m.out().contains("UNREACHABLE"));
      CliRun refused = cli(plain, "nodes", "--timeout", "2s");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out().trim()).startsWith("j-");
      assertThat(members.exitCode()).as(members.toString()).isZero();
      assertThat(members.out()).contains("m1").contains("m2").contains("m3").doesNotContain("UNREACHABLE");
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
    }
  }
}
