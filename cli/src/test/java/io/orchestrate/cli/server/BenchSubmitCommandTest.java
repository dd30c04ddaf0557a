package io.orchestrate.cli.server;

import io.orchestrate.bench.submit.SubmitBench;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.client.ManualTime;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.cli.OutputFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code bench submit}'s options as picocli reads them; the benchmark itself is not run here. */
class BenchSubmitCommandTest {
  private final ManualTime time = new ManualTime();

  private BenchSubmitCommand parse(String... args) {
    CommandLine cl = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), time));
    ParseResult r = cl.parseArgs(args);
    return (BenchSubmitCommand) r.subcommand().subcommand().commandSpec().userObject();
  }

  @Test
  void defaultsAreThreeManagerProcessesWith64ClientsFor20sAfter5sWarmUp() {
    BenchSubmitCommand c = parse("bench", "submit");

    assertThat(c.managers).isNull();
    assertThat(c.local).as("no managers in this process unless asked").isNull();
    assertThat(c.processes).as("null means the default: 3 manager processes").isNull();
    assertThat(c.vs).isNull();
    assertThat(c.clients).isEqualTo(64);
    assertThat(c.duration).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.warmup).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxRequests).isEqualTo(10_000_000L);
    assertThat(c.http).isEqualTo(SubmitBench.Http.netty);
    assertThat(c.ioThreads).isEqualTo(1);
    assertThat(c.requestTimeout).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.output).isEqualTo(OutputFormat.table);
    assertThat(c.cpuByThread).isFalse();
  }

  @Test
  void everyOptionIsRead() {
    BenchSubmitCommand c = parse("bench", "submit", "--managers", "a:1,b:2", "--clients", "256", "--duration", "90s",
        "--warmup", "0", "--max-requests", "5000", "--http", "jdk", "--io-threads", "2", "--request-timeout", "500ms",
        "-o", "json", "--cpu-by-thread");

    assertThat(c.managers).containsExactly("a:1", "b:2");
    assertThat(c.clients).isEqualTo(256);
    assertThat(c.duration).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.warmup).isEqualTo(Duration.ZERO);
    assertThat(c.maxRequests).isEqualTo(5000);
    assertThat(c.http).isEqualTo(SubmitBench.Http.jdk);
    assertThat(c.ioThreads).isEqualTo(2);
    assertThat(c.requestTimeout).isEqualTo(Duration.ofMillis(500));
    assertThat(c.output).isEqualTo(OutputFormat.json);
    assertThat(c.cpuByThread).isTrue();
  }

  @Test
  void processesTakesACountAndExcludesManagersAndLocal() {
    assertThat(parse("bench", "submit", "--processes", "5").processes).isEqualTo(5);
    CliRun withLocal = CliRun.run(time, "bench", "submit", "--processes", "3", "--local", "3");
    assertThat(withLocal.exitCode()).as(withLocal.toString()).isEqualTo(2);
    assertThat(withLocal.err()).contains("--processes starts manager processes");
    CliRun zero = CliRun.run(time, "bench", "submit", "--processes", "0");
    assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(2);
    assertThat(zero.err()).contains("--processes must be between 1 and 7");
  }

  @Test
  void vsKnowsOnlyEtcdAndStartsBothItself() {
    CliRun other = CliRun.run(time, "bench", "submit", "--vs", "zookeeper");
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
    assertThat(other.err()).contains("--vs knows only etcd");
    CliRun remote = CliRun.run(time, "bench", "submit", "--vs", "etcd", "--managers", "127.0.0.1:1");
    assertThat(remote.exitCode()).as(remote.toString()).isEqualTo(2);
    assertThat(remote.err()).contains("--vs etcd starts both itself");
  }

  @Test
  void localTakesACount() {
    assertThat(parse("bench", "submit", "--local", "5").local).isEqualTo(5);
  }

  @Test
  void aZeroDurationIsAUsageError() {
    CliRun r = CliRun.run(time, "bench", "submit", "--duration", "0");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--duration").contains("more than zero");
  }

  @Test
  void tlsVsPlainStartsItsOwnManagersAndRunsBothSoItExcludesManagersAndPlain() {
    CliRun m = CliRun.run(time, "bench", "submit", "--tls-vs-plain", "--managers", "127.0.0.1:1");
    assertThat(m.exitCode()).as(m.toString()).isEqualTo(2);
    assertThat(m.err()).contains("--tls-vs-plain starts its own managers");
    CliRun p = CliRun.run(time, "bench", "submit", "--tls-vs-plain", "--plain");
    assertThat(p.exitCode()).as(p.toString()).isEqualTo(2);
    assertThat(p.err()).contains("--tls-vs-plain runs both");
  }

  @Test
  void halfTheTlsVariablesForARunningClusterIsAUsageErrorNamingTheMissingOnes() {
    CliRun r = CliRun.run(Map.of("ORCHESTRATE_CA", "/pki/ca.crt"), time, "bench", "submit", "--managers", "127.0.0.1:1");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("$ORCHESTRATE_CERT").contains("$ORCHESTRATE_KEY").contains("missing");
  }

  @Test
  void managersAndLocalTogetherAreAUsageErrorBeforeAnythingStarts() {
    CliRun r = CliRun.run(time, "bench", "submit", "--managers", "127.0.0.1:1", "--local", "3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--managers and --local exclude each other");
  }

  @Test
  void outOfRangeNumbersNameTheirOption() {
    for (List<String> args : List.of(
        List.of("--clients", "0"), List.of("--local", "0"), List.of("--max-requests", "0"), List.of("--io-threads", "0"))) {
      CliRun r = CliRun.run(time, Stream.concat(Stream.of("bench", "submit"), args.stream()).toArray(String[]::new));
      assertThat(r.exitCode()).as(args + ": " + r).isEqualTo(2);
      assertThat(r.err()).as(args.toString()).contains(args.get(0));
    }
  }

  @Test
  void aMalformedManagerAddressIsAUsageError() {
    CliRun r = CliRun.run(time, "bench", "submit", "--managers", "nohost");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--managers").contains("nohost");
  }

  @Test
  void benchAloneAsksForASubcommand() {
    CliRun r = CliRun.run(time, "bench");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("submit");
  }
}
