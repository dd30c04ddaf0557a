package io.orchestrate.cli;

import io.orchestrate.client.ManualTime;
import io.orchestrate.client.FakeManager;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.JobList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command tree as a whole: where managers come from, exit codes, usage and help. */
class OrchestrateCommandTest {
  private final ManualTime time = new ManualTime();
  private final FakeManager leader = FakeManager.start("m1").answer("GET", "/v1/jobs", 200, new JobList(List.of()));

  @AfterEach
  void stop() {
    leader.close();
  }

  @Test
  void managersComeFromTheEnvironmentWhenNotGiven() {
    String down = FakeManager.closedAddress();
    CliRun r = CliRun.run(Map.of("ORCHESTRATE_MANAGERS", down + "," + leader.address()), time, "status");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(leader.requests()).hasSize(1);
  }

  @Test
  void managersOptionWinsOverTheEnvironment() {
    FakeManager other = FakeManager.start("m2");
    try {
      CliRun r = CliRun.run(Map.of("ORCHESTRATE_MANAGERS", other.address()), time, "status", "--managers", leader.address());

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(other.requests()).isEmpty();
      assertThat(leader.requests()).hasSize(1);
    } finally {
      other.close();
    }
  }

  @Test
  void withoutEitherTheDefaultAddressIsUsed() {
    assertThat(new CliEnvironment(Map.of(), time).defaultManagers()).isEqualTo("127.0.0.1:8080");
    assertThat(new CliEnvironment(Map.of("ORCHESTRATE_MANAGERS", " "), time).defaultManagers()).isEqualTo("127.0.0.1:8080");
    assertThat(new CliEnvironment(Map.of("ORCHESTRATE_MANAGERS", "a:1,b:2"), time).defaultManagers()).isEqualTo("a:1,b:2");
  }

  @Test
  void exitsThreeNamingEveryManagerWhenNoneIsReachable() {
    String a = FakeManager.closedAddress();
    String b = FakeManager.closedAddress();

    CliRun r = CliRun.run(time, "status", "--managers", a + "," + b, "--timeout", "3s");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("cluster unavailable").contains(a).contains(b).contains("connection refused");
    assertThat(time.slept()).as("every manager refusing is a definite answer, long before --timeout")
        .isLessThan(java.time.Duration.ofSeconds(1));
  }

  @Test
  void exitsThreeWhenThereIsNoQuorumUntilTheDeadline() {
    leader.noQuorum(1);

    CliRun r = CliRun.run(time, "stop", "j-1", "--managers", leader.address(), "--timeout", "2s");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains(leader.address()).contains("no leader: waiting for a quorum");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.run(time).exitCode()).as("no command").isEqualTo(2);
    assertThat(CliRun.run(time, "cluster").exitCode()).as("no cluster subcommand").isEqualTo(2);
    assertThat(CliRun.run(time, "status", "--bogus").exitCode()).isEqualTo(2);
    assertThat(CliRun.run(time, "stop").exitCode()).as("JOB is required").isEqualTo(2);
    assertThat(CliRun.run(time, "status", "-o", "xml").exitCode()).isEqualTo(2);

    CliRun badTimeout = CliRun.run(time, "status", "--timeout", "soon");
    assertThat(badTimeout.exitCode()).isEqualTo(2);
    assertThat(badTimeout.err()).contains("'soon' is not a duration");

    CliRun badAddress = CliRun.run(Map.of("ORCHESTRATE_MANAGERS", "nohost"), time, "status");
    assertThat(badAddress.exitCode()).isEqualTo(2);
    assertThat(badAddress.err()).contains("$ORCHESTRATE_MANAGERS").contains("'nohost'");
    assertThat(leader.requests()).isEmpty();
  }

  @Test
  void helpExplainsEveryCommandAndTheSharedOptions() {
    CliRun top = CliRun.run(time, "--help");
    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("run", "status", "stop", "tasks", "nodes", "cluster", "version", "completion", "Exit codes");
    assertThat(top.out()).as("the full tree lists the server commands too")
        .contains("manager", "worker", "dev", "demo", "bench", "snapshot", "tls", "--log-format");

    CliRun run = CliRun.run(time, "run", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--idempotency-key", "--wait", "--managers", "ORCHESTRATE_MANAGERS", "--stale", "--timeout", "table, json, yaml");

    CliRun members = CliRun.run(time, "cluster", "members", "--help");
    assertThat(members.exitCode()).isZero();
    assertThat(members.out()).contains("--managers");
  }

  @Test
  void versionIsPrinted() {
    CliRun r = CliRun.run(time, "--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("orchestrate ");
  }
}
