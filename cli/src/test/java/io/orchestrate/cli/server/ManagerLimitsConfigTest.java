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

/** The manager's connection limits: defaults, config keys, flags that win, and errors that name the flag or key. */
class ManagerLimitsConfigTest {
  @TempDir Path dir;
  private final ManualTime time = new ManualTime();
  private static final String[] BASE = {"manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=h:1", "--api", "h:2"};

  private CliRun run(String... extra) {
    String[] args = new String[BASE.length + extra.length];
    System.arraycopy(BASE, 0, args, 0, BASE.length);
    System.arraycopy(extra, 0, args, BASE.length, extra.length);
    return CliRun.run(time, args);
  }

  @Test
  void defaultsArePrinted() throws Exception {
    CliRun r = run("--print-config");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode p = Json.yaml().readTree(r.out());
    assertThat(p.path("httpHeaderTimeout").asText()).isEqualTo("10s");
    assertThat(p.path("httpBodyTimeout").asText()).isEqualTo("30s");
    assertThat(p.path("httpIdleTimeout").asText()).isEqualTo("1m");
    assertThat(p.path("httpMaxConnections").asInt()).isEqualTo(1024);
    assertThat(p.path("gatewayFrameTimeout").asText()).isEqualTo("10s");
    assertThat(p.path("gatewayRegisterTimeout").asText()).isEqualTo("10s");
    assertThat(p.path("gatewayMaxConnections").asInt()).isEqualTo(4096);
  }

  @Test
  void configKeysAreReadAndFlagsWinAndThePrintedConfigReadsBack() throws Exception {
    Path cfg = dir.resolve("m.yaml");
    Files.writeString(cfg, "httpHeaderTimeout: 5s\nhttpIdleTimeout: 2m\nhttpMaxConnections: 64\ngatewayFrameTimeout: 750ms\ngatewayMaxConnections: 100\n");
    CliRun r = run("--config", cfg.toString(), "--http-max-connections", "32", "--gateway-register-timeout", "3s",
        "--http-body-timeout", "45", "--print-config");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode p = Json.yaml().readTree(r.out());
    assertThat(p.path("httpHeaderTimeout").asText()).isEqualTo("5s");
    assertThat(p.path("httpBodyTimeout").asText()).isEqualTo("45s");
    assertThat(p.path("httpIdleTimeout").asText()).isEqualTo("2m");
    assertThat(p.path("httpMaxConnections").asInt()).isEqualTo(32);
    assertThat(p.path("gatewayFrameTimeout").asText()).isEqualTo("750ms");
    assertThat(p.path("gatewayRegisterTimeout").asText()).isEqualTo("3s");
    assertThat(p.path("gatewayMaxConnections").asInt()).isEqualTo(100);

    Path again = dir.resolve("printed.yaml");
    Files.writeString(again, r.out());
    CliRun round = CliRun.run(time, "manager", "--config", again.toString(), "--print-config");
    assertThat(round.exitCode()).as(round.toString()).isZero();
    assertThat(round.out()).isEqualTo(r.out());
  }

  @Test
  void badValuesAreUsageErrorsNamingTheFlagOrKey() throws Exception {
    CliRun zero = run("--http-idle-timeout", "0s");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--http-idle-timeout must be more than zero");

    CliRun words = run("--gateway-frame-timeout", "soon");
    assertThat(words.exitCode()).isEqualTo(2);
    assertThat(words.err()).contains("--gateway-frame-timeout").contains("'soon' is not a duration");

    CliRun none = run("--gateway-max-connections", "0");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--gateway-max-connections (gatewayMaxConnections) must be between 1 and");

    CliRun huge = run("--http-max-connections", "5000000");
    assertThat(huge.exitCode()).isEqualTo(2);
    assertThat(huge.err()).contains("--http-max-connections (httpMaxConnections) must be between 1 and");

    Path cfg = dir.resolve("bad.yaml");
    Files.writeString(cfg, "httpHeaderTimeout: 0\n");
    CliRun key = run("--config", cfg.toString());
    assertThat(key.exitCode()).isEqualTo(2);
    assertThat(key.err()).contains("httpHeaderTimeout must be more than zero");

    Files.writeString(cfg, "gatewayMaxConnections: many\n");
    CliRun count = run("--config", cfg.toString());
    assertThat(count.exitCode()).isEqualTo(2);
    assertThat(count.err()).contains("gatewayMaxConnections must be a positive integer");
  }

  @Test
  void helpListsEveryLimitWithItsDefault() {
    CliRun r = CliRun.run(time, "manager", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--http-header-timeout").contains("--http-body-timeout").contains("--http-idle-timeout")
        .contains("--http-max-connections").contains("--gateway-frame-timeout").contains("--gateway-register-timeout")
        .contains("--gateway-max-connections").contains("default: 4096");
  }

  @Test
  void eventBoundsHaveDefaultsConfigKeysAndFlagsThatWin() throws Exception {
    JsonNode d = Json.yaml().readTree(run("--print-config").out());
    assertThat(d.path("eventsWindow").asInt()).isEqualTo(16384);
    assertThat(d.path("eventsMaxStreams").asInt()).isEqualTo(128);
    assertThat(d.path("eventsHeartbeat").asText()).isEqualTo("15s");
    assertThat(d.path("eventsSlowClientTimeout").asText()).isEqualTo("30s");
    assertThat(d.path("maxBlockingWait").asText()).isEqualTo("5m");

    Path cfg = dir.resolve("e.yaml");
    Files.writeString(cfg, "eventsWindow: 1000\neventsMaxStreams: 8\nmaxBlockingWait: 10m\n");
    CliRun r = run("--config", cfg.toString(), "--events-max-streams", "4", "--events-heartbeat", "5s", "--print-config");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode p = Json.yaml().readTree(r.out());
    assertThat(p.path("eventsWindow").asInt()).isEqualTo(1000);
    assertThat(p.path("eventsMaxStreams").asInt()).isEqualTo(4);
    assertThat(p.path("eventsHeartbeat").asText()).isEqualTo("5s");
    assertThat(p.path("maxBlockingWait").asText()).isEqualTo("10m");

    CliRun zero = run("--events-window", "0", "--print-config");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--events-window (eventsWindow) must be at least 1");
    Files.writeString(cfg, "eventsSlowClientTimeout: soon\n");
    CliRun bad = run("--config", cfg.toString(), "--print-config");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("eventsSlowClientTimeout");
  }

  @Test
  void logStreamBoundsHaveDefaultsConfigKeysAndFlagsThatWin() throws Exception {
    JsonNode d = Json.yaml().readTree(run("--print-config").out());
    assertThat(d.path("logsMaxStreams").asInt()).isEqualTo(256);
    assertThat(d.path("logsMaxStreamsPerClient").asInt()).isEqualTo(64);
    assertThat(d.path("logsSlowClientTimeout").asText()).isEqualTo("1m");

    Path cfg = dir.resolve("l.yaml");
    Files.writeString(cfg, "logsMaxStreams: 100\nlogsMaxStreamsPerClient: 10\nlogsSlowClientTimeout: 2m\n");
    CliRun r = run("--config", cfg.toString(), "--logs-max-streams-per-client", "5", "--logs-slow-client-timeout", "30s", "--print-config");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode p = Json.yaml().readTree(r.out());
    assertThat(p.path("logsMaxStreams").asInt()).isEqualTo(100);
    assertThat(p.path("logsMaxStreamsPerClient").asInt()).isEqualTo(5);
    assertThat(p.path("logsSlowClientTimeout").asText()).isEqualTo("30s");

    CliRun over = run("--logs-max-streams", "8", "--logs-max-streams-per-client", "9", "--print-config");
    assertThat(over.exitCode()).isEqualTo(2);
    assertThat(over.err()).contains("--logs-max-streams-per-client (logsMaxStreamsPerClient) must be between 1 and --logs-max-streams");
  }
}
