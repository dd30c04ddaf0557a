package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.codec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --ca, --cert and --key on managers, workers and client commands: all three or none, from flags, files or the environment. */
class TlsOptionsTest {
  @TempDir Path dir;
  private final ManualTime time = new ManualTime();

  @Test
  void aManagerTakesTheThreeFromItsFileAndFlagsAndPrintsThemBack() throws Exception {
    Path cfg = dir.resolve("manager.yaml");
    Files.writeString(cfg, """
        id: m1
        dataDir: /var/lib/m1
        peers: {m1: 10.0.0.1:7000}
        api: 10.0.0.1:8080
        ca: /etc/orchestrate/ca.crt
        cert: /etc/orchestrate/old.crt
        """);

    CliRun r = CliRun.run(time, "manager", "--config", cfg.toString(), "--cert", "/etc/orchestrate/m1.crt", "--key",
        "/etc/orchestrate/m1.key", "--print-config");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode printed = Json.yaml().readTree(r.out());
    assertThat(printed.path("ca").asText()).isEqualTo("/etc/orchestrate/ca.crt");
    assertThat(printed.path("cert").asText()).isEqualTo("/etc/orchestrate/m1.crt");
    assertThat(printed.path("key").asText()).isEqualTo("/etc/orchestrate/m1.key");
  }

  @Test
  void aManagerWithSomeButNotAllIsAUsageErrorNamingWhatIsMissing() {
    CliRun r = CliRun.run(time, "manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=h:1", "--api", "h:2", "--ca", "ca.crt",
        "--print-config");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("missing --cert (config key cert) and --key (config key key)");
  }

  @Test
  void aManagerWithoutAnyIsPlainAsBefore() throws Exception {
    CliRun r = CliRun.run(time, "manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=h:1", "--api", "h:2", "--print-config");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Json.yaml().readTree(r.out()).has("ca")).isFalse();
  }

  @Test
  void aWorkerWithSomeButNotAllIsAUsageErrorAndAllThreeArePrinted() {
    CliRun some = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--ca", "ca.crt", "--cert", "w1.crt",
        "--print-config");
    CliRun all = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--ca", "ca.crt", "--cert", "w1.crt",
        "--key", "w1.key", "--print-config");

    assertThat(some.exitCode()).isEqualTo(2);
    assertThat(some.err()).contains("missing --key (or config key key)");
    assertThat(all.exitCode()).as(all.toString()).isZero();
    assertThat(all.out()).contains("ca: \"ca.crt\"").contains("cert: \"w1.crt\"").contains("key: \"w1.key\"");
  }

  @Test
  void aClientCommandWithOnlyTheCaInItsEnvironmentIsAUsageErrorNamingFlagsAndVariables() {
    CliRun r = CliRun.run(Map.of("ORCHESTRATE_CA", dir.resolve("ca.crt").toString()), time, "nodes", "--managers", "127.0.0.1:1");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("missing --cert (or $ORCHESTRATE_CERT) and --key (or $ORCHESTRATE_KEY)");
  }

  @Test
  void aClientCommandWithUnreadableFilesSaysWhichFile() {
    CliRun r = CliRun.run(time, "nodes", "--managers", "127.0.0.1:1", "--ca", dir.resolve("ca.crt").toString(), "--cert",
        dir.resolve("me.crt").toString(), "--key", dir.resolve("me.key").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("me.crt");
  }
}
