package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.RequestRejectedException;
import io.orchestrate.client.Time;
import io.orchestrate.localcluster.FreePorts;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsMaterial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code orchestrate dev} on a fresh directory: TLS and a token with no setup, and the printed env lines work. */
class DevIT {
  @TempDir Path dir;

  @Test
  void devRunsWithTlsAndATokenAndPrintsEnvLinesThatReachIt() throws Exception {
    DevCommand dev = new DevCommand();
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(dev).setOut(new PrintWriter(out, true));
    String api = "127.0.0.1:" + FreePorts.next();
    cl.parseArgs("--api", api, "--raft", "127.0.0.1:" + FreePorts.next(), "--gateway", "127.0.0.1:" + FreePorts.next(),
        "--data-dir", dir.resolve("dev").toString(), "--driver", "process");
    try (DevCommand.Running running = dev.start()) {
      String printed = out.toString();
      assertThat(printed).contains("mutual TLS on every port and API tokens");
      Matcher env = Pattern.compile("export ORCHESTRATE_MANAGERS=(\\S+) ORCHESTRATE_CA=(\\S+) ORCHESTRATE_CERT=(\\S+) ORCHESTRATE_KEY=(\\S+)"
          + " ORCHESTRATE_TOKEN=(\\S+)").matcher(printed);
      assertThat(env.find()).as(printed).isTrue();
      assertThat(env.group(1)).isEqualTo(api);
      for (int i = 2; i <= 4; i++) assertThat(Path.of(env.group(i))).exists().startsWith(dir.resolve("dev"));
      assertThat(env.group(5)).isEqualTo(running.token());

      // The printed lines are enough: the worker shows up through them.
      var tls = TlsContexts.jdkClient(TlsMaterial.load(running.client()));
      ManagersClient withToken = new ManagersClient(List.of(api), ClientSettings.defaults().withTimeout(Duration.ofSeconds(10))
          .withToken(env.group(5)), Time.SYSTEM, tls);
      await("the dev worker registered").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> withToken.nodes().value().nodes().stream().anyMatch(n -> "dev-worker".equals(n.get("id"))));

      ManagersClient noToken = new ManagersClient(List.of(api), ClientSettings.defaults().withTimeout(Duration.ofSeconds(5)), Time.SYSTEM, tls);
      assertThatThrownBy(() -> noToken.nodes().value()).isInstanceOf(RequestRejectedException.class)
          .satisfies(e -> assertThat(((RequestRejectedException) e).status()).isEqualTo(401));
      assertThat(DemoProbes.plainHttp(api)).startsWith("refused");
      assertThat(Files.exists(dir.resolve("dev").resolve("pki").resolve("ca.key"))).isTrue();
    }
  }
}
