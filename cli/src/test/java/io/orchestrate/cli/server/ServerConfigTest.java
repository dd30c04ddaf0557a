package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.codec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker and manager config files: flags win, unknown keys are named, the effective config prints as a config file. */
class ServerConfigTest {
  @TempDir Path dir;
  private final ManualTime time = new ManualTime();

  @Test
  void workerReadsItsConfigFileAndFlagsWin() throws Exception {
    Path cfg = dir.resolve("worker.yaml");
    Files.writeString(cfg, """
        id: w1
        dataDir: /var/lib/w1
        managers: [10.0.0.1:7070, 10.0.0.2:7070]
        driver: process
        allow: [process-driver]
        cpus: 2
        labels: {zone: a, disk: ssd}
        advertiseHost: 10.0.0.9
        """);
    CliRun r = CliRun.run(time, "worker", "--config", cfg.toString(), "--id", "w2", "--cpus", "4", "--label", "zone=b", "--print-config");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode printed = Json.yaml().readTree(r.out());
    assertThat(printed.path("id").asText()).isEqualTo("w2");
    assertThat(printed.path("cpus").asDouble()).isEqualTo(4.0);
    assertThat(printed.path("driver").asText()).isEqualTo("process");
    assertThat(printed.path("allow").get(0).asText()).isEqualTo("process-driver");
    assertThat(printed.path("pidsLimit").asLong()).isEqualTo(1024);
    assertThat(printed.path("dataDir").asText()).isEqualTo("/var/lib/w1");
    assertThat(printed.path("managers").get(1).asText()).isEqualTo("10.0.0.2:7070");
    assertThat(printed.path("labels").path("zone").asText()).isEqualTo("b");
    assertThat(printed.path("labels").path("disk").asText()).isEqualTo("ssd");

    // What --print-config prints is itself a valid config file giving the same configuration.
    Path again = dir.resolve("printed.yaml");
    Files.writeString(again, r.out());
    CliRun round = CliRun.run(time, "worker", "--config", again.toString(), "--print-config");
    assertThat(round.exitCode()).as(round.toString()).isZero();
    assertThat(round.out()).isEqualTo(r.out());
  }

  @Test
  void processOutputRotationHasDefaultsAConfigKeyAndAFlagThatWinsAndIsInTheHelp() throws Exception {
    CliRun d = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--print-config");
    JsonNode defaults = Json.yaml().readTree(d.out());
    assertThat(defaults.path("processLogMaxMb").asLong()).isEqualTo(10);
    assertThat(defaults.path("processLogFiles").asInt()).isEqualTo(2);

    Path cfg = dir.resolve("worker.yaml");
    Files.writeString(cfg, "id: w1\ndataDir: /x\nmanagers: [h:1]\nprocessLogMaxMb: 50\nprocessLogFiles: 5\n");
    CliRun r = CliRun.run(time, "worker", "--config", cfg.toString(), "--process-log-files", "3", "--print-config");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode printed = Json.yaml().readTree(r.out());
    assertThat(printed.path("processLogMaxMb").asLong()).isEqualTo(50);
    assertThat(printed.path("processLogFiles").asInt()).isEqualTo(3);

    CliRun zero = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--process-log-max-mb", "0", "--print-config");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--process-log-max-mb (or config key processLogMaxMb) must be between 1 and");

    CliRun help = CliRun.run(time, "worker", "--help");
    assertThat(help.out()).contains("output.log.1").contains("--process-log-max-mb").contains("--process-log-files");
  }

  @Test
  void outputRetentionHasADefaultAConfigKeyAndAFlagThatWinsAndBadTextNamesTheField() throws Exception {
    CliRun d = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--print-config");
    assertThat(Json.yaml().readTree(d.out()).path("outputRetention").asText()).isEqualTo("24h");

    Path cfg = dir.resolve("retention.yaml");
    Files.writeString(cfg, "id: w1\ndataDir: /x\nmanagers: [h:1]\noutputRetention: 7d\n");
    CliRun fromFile = CliRun.run(time, "worker", "--config", cfg.toString(), "--print-config");
    assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
    assertThat(Json.yaml().readTree(fromFile.out()).path("outputRetention").asText()).isEqualTo("7d");
    CliRun flag = CliRun.run(time, "worker", "--config", cfg.toString(), "--output-retention", "30m", "--print-config");
    assertThat(Json.yaml().readTree(flag.out()).path("outputRetention").asText()).isEqualTo("30m");

    CliRun bad = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--output-retention", "soon", "--print-config");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--output-retention (or config key outputRetention): 'soon' is not a duration");
    assertThat(CliRun.run(time, "worker", "--help").out()).contains("--output-retention");
  }

  @Test
  void theProcessDriverWithoutItsAllowIsAUsageErrorNamingTheFlagToAdd() {
    CliRun r = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--driver", "process");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("worker.driver process").contains("add --allow process-driver");

    CliRun allowed = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--driver", "process",
        "--allow", "process-driver", "--print-config");
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
  }

  @Test
  void anUnknownAllowIsAUsageErrorListingTheKnownOnes() {
    CliRun r = CliRun.run(time, "worker", "--id", "w1", "--data-dir", "/x", "--managers", "h:1", "--allow", "host-network,privileged",
        "--print-config");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--allow (or config key allow) entry 'privileged' is not one of host-network, process-driver");
  }

  @Test
  void workerConfigUnknownKeyIsAUsageErrorNamingIt() throws Exception {
    Path cfg = dir.resolve("worker.yaml");
    Files.writeString(cfg, "id: w1\ndataDir: /x\nmanagers: [h:1]\nmemroyMb: 512\n");
    CliRun r = CliRun.run(time, "worker", "--config", cfg.toString(), "--print-config");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown key 'memroyMb'").contains("memoryMb");
  }

  @Test
  void workerWithoutIdAnywhereSaysWhereToGiveIt() {
    CliRun r = CliRun.run(time, "worker", "--data-dir", "/x", "--managers", "h:1", "--print-config");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--id (or config key id) is required");
  }

  @Test
  void managerSchedulerComesFromTheFlagOrTheFileAndAnUnknownOneNamesWhereItCameFrom() throws Exception {
    CliRun flag = CliRun.run(time, "manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=10.0.0.1:7000", "--api", "10.0.0.1:8080",
        "--insecure", "--scheduler", "binpack", "--print-config");
    assertThat(flag.exitCode()).as(flag.toString()).isZero();
    assertThat(Json.yaml().readTree(flag.out()).path("scheduler").asText()).isEqualTo("binpack");

    CliRun bad = CliRun.run(time, "manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=10.0.0.1:7000", "--api", "10.0.0.1:8080",
        "--insecure", "--scheduler", "fastest", "--print-config");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--scheduler must be one of round-robin, epvm, binpack, spread (got 'fastest')");

    Path cfg = dir.resolve("scheduler.yaml");
    Files.writeString(cfg, "id: m1\ndataDir: /x\npeers: {m1: 10.0.0.1:7000}\napi: 10.0.0.1:8080\ninsecure: true\nscheduler: spreadd\n");
    CliRun fromFile = CliRun.run(time, "manager", "--config", cfg.toString(), "--print-config");
    assertThat(fromFile.exitCode()).isEqualTo(2);
    assertThat(fromFile.err()).contains("config key scheduler must be one of").contains("(got 'spreadd')");
  }

  @Test
  void managerJoinModeNeedsPeersNamingOnlyItself() throws Exception {
    CliRun ok = CliRun.run(time, "manager", "--id", "m4", "--data-dir", "/x", "--peers", "m4=10.0.0.4:7000", "--api", "10.0.0.4:8080",
        "--join", "--print-config");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(Json.yaml().readTree(ok.out()).path("join").asBoolean()).isTrue();
    assertThat(Json.yaml().readTree(ok.out()).path("peers").path("m4").asText()).isEqualTo("10.0.0.4:7000");

    CliRun bad = CliRun.run(time, "manager", "--id", "m4", "--data-dir", "/x", "--peers", "m1=h:1,m4=h:2", "--api", "h:3", "--join");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--join").contains("only this manager");

    Path cfg = dir.resolve("manager.yaml");
    Files.writeString(cfg, "id: m4\ndataDir: /x\npeers: {m4: 'h:1'}\napi: 'h:2'\njoin: true\n");
    CliRun fromFile = CliRun.run(time, "manager", "--config", cfg.toString(), "--print-config");
    assertThat(Json.yaml().readTree(fromFile.out()).path("join").asBoolean()).as(fromFile.toString()).isTrue();
    // The printed configuration reads back as the same configuration.
    Path printed = dir.resolve("printed.yaml");
    Files.writeString(printed, fromFile.out());
    assertThat(CliRun.run(time, "manager", "--config", printed.toString(), "--print-config").out()).isEqualTo(fromFile.out());
  }

  @Test
  void managerReadsItsConfigFileAndFlagsWin() throws Exception {
    Path cfg = dir.resolve("manager.yaml");
    Files.writeString(cfg, """
        id: m1
        dataDir: /var/lib/m1
        clusterName: prod
        peers: {m1: 10.0.0.1:7000, m2: 10.0.0.2:7000, m3: 10.0.0.3:7000}
        api: 10.0.0.1:8080
        gateway: 10.0.0.1:7070
        requestTimeoutMs: 7000
        """);
    CliRun r = CliRun.run(time, "manager", "--config", cfg.toString(), "--id", "m2", "--api", "10.0.0.2:8080",
        "--data-dir", "/var/lib/m2", "--print-config");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode printed = Json.yaml().readTree(r.out());
    assertThat(printed.path("id").asText()).isEqualTo("m2");
    assertThat(printed.path("api").asText()).isEqualTo("10.0.0.2:8080");
    assertThat(printed.path("dataDir").asText()).isEqualTo("/var/lib/m2");
    // What no flag names still comes from the file.
    assertThat(printed.path("clusterName").asText()).isEqualTo("prod");
    assertThat(printed.path("gateway").asText()).isEqualTo("10.0.0.1:7070");
    assertThat(printed.path("requestTimeoutMs").asLong()).isEqualTo(7000);
    assertThat(printed.path("peers").path("m3").asText()).isEqualTo("10.0.0.3:7000");

    CliRun peers = CliRun.run(time, "manager", "--config", cfg.toString(), "--peers", "m1=h:1,m2=h:2,m3=h:3", "--cluster-name", "staging",
        "--print-config");
    JsonNode p = Json.yaml().readTree(peers.out());
    assertThat(p.path("peers").path("m2").asText()).as(peers.toString()).isEqualTo("h:2");
    assertThat(p.path("clusterName").asText()).isEqualTo("staging");
  }

  @Test
  void managerConfigUnknownKeyIsAUsageErrorNamingIt() throws Exception {
    Path cfg = dir.resolve("manager.yaml");
    Files.writeString(cfg, "id: m1\ndataDir: /x\npeers: {m1: 'h:1'}\napi: 'h:2'\nelectionTimeoutMs: 500\n");
    CliRun r = CliRun.run(time, "manager", "--config", cfg.toString(), "--print-config");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("unknown key 'electionTimeoutMs'").contains("electionTimeoutMinMs").contains(cfg.toString());
    assertThat(r.out()).as("no configuration is printed").isEmpty();

    // A flag does not rescue a file with a typo: the key is still refused.
    CliRun withFlags = CliRun.run(time, "manager", "--config", cfg.toString(), "--id", "m1", "--print-config");
    assertThat(withFlags.exitCode()).isEqualTo(2);
    assertThat(withFlags.err()).contains("unknown key 'electionTimeoutMs'");
  }

  @Test
  void managerRetentionsComeFromFlagsOrTheFileAndOffKeepsForever() throws Exception {
    CliRun defaults = CliRun.run(time, "manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=h:1", "--api", "h:2", "--print-config");
    assertThat(defaults.exitCode()).as(defaults.toString()).isZero();
    JsonNode d = Json.yaml().readTree(defaults.out());
    assertThat(d.path("jobRetention").asText()).isEqualTo("24h");
    assertThat(d.path("nodeRetention").asText()).isEqualTo("24h");

    Path cfg = dir.resolve("manager.yaml");
    // A bare YAML off is read as false: it still means off.
    Files.writeString(cfg, "id: m1\ndataDir: /x\npeers: {m1: 'h:1'}\napi: 'h:2'\njobRetention: off\nnodeRetention: 36h\n");
    CliRun file = CliRun.run(time, "manager", "--config", cfg.toString(), "--print-config");
    assertThat(file.exitCode()).as(file.toString()).isZero();
    JsonNode f = Json.yaml().readTree(file.out());
    assertThat(f.path("jobRetention").asText()).isEqualTo("off");
    assertThat(f.path("nodeRetention").asText()).isEqualTo("36h");
    // The printed configuration reads back as the same configuration.
    Path printed = dir.resolve("printed.yaml");
    Files.writeString(printed, file.out());
    assertThat(CliRun.run(time, "manager", "--config", printed.toString(), "--print-config").out()).isEqualTo(file.out());

    CliRun flags = CliRun.run(time, "manager", "--config", cfg.toString(), "--job-retention", "7d", "--node-retention", "off",
        "--print-config");
    JsonNode g = Json.yaml().readTree(flags.out());
    assertThat(g.path("jobRetention").asText()).as(flags.toString()).isEqualTo("7d");
    assertThat(g.path("nodeRetention").asText()).isEqualTo("off");
  }

  @Test
  void aZeroOrMalformedRetentionIsAUsageErrorNamingTheField() throws Exception {
    CliRun zero = CliRun.run(time, "manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=h:1", "--api", "h:2",
        "--job-retention", "0", "--print-config");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--job-retention must be more than zero, or 'off'");

    CliRun bad = CliRun.run(time, "manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=h:1", "--api", "h:2",
        "--node-retention", "a while", "--print-config");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--node-retention: 'a while' is not a duration");

    Path cfg = dir.resolve("manager.yaml");
    Files.writeString(cfg, "id: m1\ndataDir: /x\npeers: {m1: 'h:1'}\napi: 'h:2'\nnodeRetention: 0s\n");
    CliRun file = CliRun.run(time, "manager", "--config", cfg.toString(), "--print-config");
    assertThat(file.exitCode()).isEqualTo(2);
    assertThat(file.err()).contains(cfg.toString()).contains("nodeRetention must be more than zero");
  }
}
