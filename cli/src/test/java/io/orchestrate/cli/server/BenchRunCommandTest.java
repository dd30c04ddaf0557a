package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.client.ManualTime;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.bench.run.BenchSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** How {@code bench run} reads its options; bad values are refused before any engine or cluster is touched. */
class BenchRunCommandTest {
  private final ManualTime time = new ManualTime();

  private BenchRunCommand parse(String... args) {
    CommandLine root = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), time));
    ParseResult r = root.parseArgs(args);
    CommandLine leaf = r.subcommand().subcommand().commandSpec().commandLine();
    return leaf.getCommand();
  }

  @Test
  void defaultsAreTwentyTasksThreeRoundsOneManagerAndTheManagersOwnSchedulingInterval() {
    BenchRunCommand c = parse("bench", "run");
    BenchSettings s = c.settings();

    assertThat(s).isEqualTo(new BenchSettings(20, 3, 1, "local/busybox:1", 0.05, 16, Duration.ofMillis(100), Duration.ofMillis(20),
        Duration.ofMillis(100), Duration.ofSeconds(180), true, null));
    assertThat(c.warmup).isEqualTo(1);
    assertThat(c.dir).isNull();
    assertThat(c.verbose).isFalse();
  }

  @Test
  void everyOptionReachesTheSettings() {
    BenchRunCommand c = parse("bench", "run", "--tasks", "50", "--rounds", "5", "--managers-count", "3", "--image", "local/other:2",
        "--task-cpu", "0.25", "--task-memory-mb", "32", "--scheduling-interval", "20ms", "--api-poll", "50ms", "--engine-poll", "1s",
        "--timeout", "2m", "--no-swarm", "--warmup", "0", "--dir", "/tmp/b", "--verbose", "--network", "host");

    assertThat(c.settings()).isEqualTo(new BenchSettings(50, 5, 3, "local/other:2", 0.25, 32, Duration.ofMillis(20), Duration.ofMillis(50),
        Duration.ofSeconds(1), Duration.ofMinutes(2), false, "host"));
    assertThat(c.warmup).isZero();
    assertThat(c.dir).hasToString("/tmp/b");
    assertThat(c.verbose).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--tasks|0|--tasks must be between 1 and 1000, was 0",
      "--tasks|1001|--tasks must be between 1 and 1000, was 1001",
      "--rounds|0|--rounds must be between 1 and 100, was 0",
      "--managers-count|2|--managers-count must be 1, 3, 5 or 7, was 2",
      "--task-cpu|0|--task-cpu must be > 0, was 0.0",
      "--task-memory-mb|4|--task-memory-mb must be at least 6, was 4",
      "--warmup|11|--warmup must be between 0 and 10, was 11",
      "--scheduling-interval|0ms|must be more than zero",
      "--engine-poll|soon|'soon' is not a duration",
      "--tasks|many|'many' is not an int",
      "--network|none|--network must be host (leave it out for each system's default network), was 'none'"})
  void aBadValueIsAUsageErrorNamingTheOption(String option, String value, String message) {
    CliRun r = CliRun.run(time, "bench", "run", option, value);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(message).contains("Try 'orchestrate bench run --help'").doesNotContain("Usage:");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void benchAloneAsksForASubcommandAndItsHelpListsRun() {
    CliRun bare = CliRun.run(time, "bench");
    assertThat(bare.exitCode()).isEqualTo(2);
    assertThat(bare.err()).contains("missing command: choose one of").contains("run");

    CliRun help = CliRun.run(time, "bench", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("run").contains("Benchmarks run on this machine");
    assertThat(CliRun.run(time, "--help").out()).contains("bench");
  }

  @Test
  void runsHelpNamesWhatEachFigureMeans() {
    CliRun help = CliRun.run(time, "bench", "run", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(List.of("PLACED", "FIRST RUNNING", "ALL RUNNING", "--no-swarm", "--managers-count", "--tasks"))
        .allSatisfy(s -> assertThat(help.out()).contains(s));
  }
}
