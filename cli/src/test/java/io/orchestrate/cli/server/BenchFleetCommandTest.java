package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.bench.fleet.ChildManagers;
import io.orchestrate.bench.fleet.FleetSettings;
import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.client.ManualTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** How {@code bench fleet} reads its options; bad values are refused before any manager starts. */
class BenchFleetCommandTest {
  private final ManualTime time = new ManualTime();

  private BenchFleetCommand parse(String... args) {
    CommandLine root = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), time));
    ParseResult r = root.parseArgs(args);
    return r.subcommand().subcommand().commandSpec().commandLine().getCommand();
  }

  @Test
  void defaultsAreAThousandNodesAHundredThousandTasksAndAFailover() {
    BenchFleetCommand c = parse("bench", "fleet");
    FleetSettings s = c.settings();

    assertThat(s).isEqualTo(new FleetSettings(1000, 100_000, 100, 8, Duration.ofMinutes(30), true));
    assertThat(c.managerHeapMb(s)).isEqualTo(ChildManagers.heapMbFor(100_000)).isGreaterThan(256);
    assertThat(c.json).isNull();
    assertThat(c.dir).isNull();
    assertThat(c.insecure).as("TLS and tokens unless asked otherwise").isFalse();
  }

  @Test
  void everyOptionReachesTheSettings() {
    BenchFleetCommand c = parse("bench", "fleet", "--nodes", "20", "--tasks", "500", "--tasks-per-job", "50", "--in-flight", "2",
        "--timeout", "2m", "--no-failover", "--manager-heap-mb", "512", "--json", "/tmp/f.json", "--dir", "/tmp/f", "--insecure");
    FleetSettings s = c.settings();

    assertThat(s).isEqualTo(new FleetSettings(20, 500, 50, 2, Duration.ofMinutes(2), false));
    assertThat(c.managerHeapMb(s)).isEqualTo(512);
    assertThat(c.json).hasToString("/tmp/f.json");
    assertThat(c.dir).hasToString("/tmp/f");
    assertThat(c.insecure).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--nodes|0|--nodes must be between 1 and 20000, was 0",
      "--tasks|3000000|--tasks must be between 1 and 2000000, was 3000000",
      "--tasks-per-job|1001|--tasks-per-job must be between 1 and 1000, was 1001",
      "--in-flight|0|--in-flight must be between 1 and 256, was 0",
      "--timeout|5s|--timeout must be at least 10s, was 5000ms",
      "--timeout|soon|'soon' is not a duration",
      "--manager-heap-mb|64|--manager-heap-mb must be between 128 and 65536, was 64",
      "--nodes|many|'many' is not an int"})
  void aBadValueIsAUsageErrorNamingTheOption(String option, String value, String message) {
    CliRun r = CliRun.run(time, "bench", "fleet", option, value);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(message).contains("Try 'orchestrate bench fleet --help'").doesNotContain("Usage:");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void benchHelpListsFleet() {
    CliRun help = CliRun.run(time, "bench", "--help");
    assertThat(help.out()).contains("fleet:");
  }
}
