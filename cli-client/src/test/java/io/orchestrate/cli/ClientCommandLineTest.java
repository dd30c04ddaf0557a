package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.HealthView;
import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.JobView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slim client's command tree: what it may load, how it fails, and the commands only a client needs. */
class ClientCommandLineTest {
  private final ManualTime time = new ManualTime();

  @Test
  void theClientClassPathHoldsNoServerLibrary() {
    // What the slim jar shades is this module's runtime class path; a server library here would ship in it.
    for (String serverClass : List.of("org.rocksdb.RocksDB", "org.apache.ratis.server.RaftServer",
        "io.netty.channel.Channel", "com.github.dockerjava.api.DockerClient", "ch.qos.logback.classic.Logger",
        "io.orchestrate.manager.service.ManagerHealth")) {
      assertThat(loadable(serverClass)).as(serverClass).isFalse();
    }
    assertThat(loadable("io.orchestrate.client.ManagersClient")).isTrue();
  }

  @Test
  void everyManagerRefusingExitsThreeLongBeforeTheTimeout() {
    String a = FakeManager.closedAddress();
    String b = FakeManager.closedAddress();
    String c = FakeManager.closedAddress();

    // The real clock: this is the wait a user sees. Generous bound; the figure itself comes from the benchmark.
    ClientRun r = ClientRun.run(Time.SYSTEM, "status", "--managers", a + "," + b + "," + c);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.err()).contains(a + " (connection refused)").contains(c + " (connection refused)");
    // Under 10 s: well short of waiting out the 15 s timeout, with room for a loaded machine's first HTTP client.
    assertThat(r.millis()).as("default --timeout is 15s; a refusal on every manager is a definite answer").isLessThan(10_000);
  }

  @Test
  void aUsageErrorIsOneLineAndAPointerToHelp() {
    ClientRun r = ClientRun.run(time, "status", "--bogus");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines().toList()).containsExactly(
        "error: Unknown option: '--bogus'", "Try 'orchestrate status --help' for more information.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMistypedCommandSuggestsTheNearOne() {
    ClientRun r = ClientRun.run(time, "stauts");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("stauts").contains("status").contains("Try 'orchestrate --help'").doesNotContain("Usage:");
  }

  @Test
  void versionShowsTheClientAndEachManagerAskedItself() {
    try (FakeManager m1 = FakeManager.start("m1"); FakeManager m2 = FakeManager.start("m2")) {
      m1.answer("GET", "/v1/health", 200, new HealthView("ok", "m1", "LEADER", "m1", 3, 10, null, 3, "1.2.0"));
      // A manager of a release before version reporting: no field at all.
      m2.answer("GET", "/v1/health", 200, "{\"status\":\"ok\",\"id\":\"m2\",\"role\":\"FOLLOWER\",\"term\":3,\"appliedIndex\":10}");
      String down = FakeManager.closedAddress();

      ClientRun r = ClientRun.run(time, "version", "--managers", m1.address() + "," + m2.address() + "," + down);

      assertThat(r.exitCode()).as(r.toString()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines.get(0)).startsWith("client  dev");
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("m1", m1.address(), "1.2.0", "ok"));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("m2", m2.address(), "unreported"));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains(down, "connection refused"));
    }
  }

  @Test
  void versionWithNoManagerAnsweringStillPrintsTheClientAndExitsThree() {
    ClientRun r = ClientRun.run(time, "version", "--managers", FakeManager.closedAddress(), "-o", "yaml");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.out()).contains("client: \"dev\"").contains("problem: \"connection refused\"").doesNotContain("version: null");
  }

  @Test
  void yamlPrintsTheSameDocumentAsJson() {
    JobView job = new JobView("j-1", "web", "running", "2024-01-01T00:00:00Z", null, null, List.of());
    try (FakeManager m = FakeManager.start("m1").answer("GET", "/v1/jobs", 200, new JobList(List.of(job)))) {
      ClientRun yaml = ClientRun.run(time, "status", "--managers", m.address(), "-o", "yaml");
      ClientRun json = ClientRun.run(time, "status", "--managers", m.address(), "-o", "json");

      assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
      assertThat(yaml.out()).contains("jobs:").contains("id: \"j-1\"").contains("status: \"running\"").doesNotContain("{");
      assertThat(io.orchestrate.core.codec.Json.yaml().readTree(yaml.out()))
          .isEqualTo(io.orchestrate.core.codec.Json.lenient().readTree(json.out()));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void completionCoversTheTreeItRunsInForBashAndZsh() {
    ClientRun bash = ClientRun.run(time, "completion", "bash");
    ClientRun zsh = ClientRun.run(time, "completion", "zsh");

    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out()).contains("complete -F").contains("status").contains("--managers").doesNotStartWith("autoload");
    assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit").contains("complete -F");
    assertThat(ClientRun.run(time, "completion", "fish").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aNamedCommandRunsInATreeOfItsOwnThatAnswersAsTheWholeTreeDoes() {
    CliEnvironment env = new CliEnvironment(java.util.Map.of(), time);
    assertThat(OrchestrateCommand.commandLineFor(env, new String[] {"status", "--help"}).getSubcommands()).containsOnlyKeys("status");
    for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"stauts"}, new String[] {"help", "status"},
        new String[] {"completion", "bash"})) {
      assertThat(OrchestrateCommand.commandLineFor(env, args).getSubcommands()).as(String.join(" ", args))
          .containsOnlyKeys(OrchestrateCommand.CLIENT_COMMANDS.keySet());
    }
    // What a user sees is the same either way: help, a usage error, a missing argument.
    for (String[] args : List.of(new String[] {"status", "--help"}, new String[] {"job", "history", "--help"},
        new String[] {"run", "--bogus"}, new String[] {"scale", "web"}, new String[] {"token", "create", "--role", "nope"})) {
      assertThat(run(OrchestrateCommand.commandLineFor(env, args), args)).as(String.join(" ", args))
          .isEqualTo(run(OrchestrateCommand.commandLine(env), args));
    }
  }

  private static String run(picocli.CommandLine cl, String[] args) {
    java.io.StringWriter out = new java.io.StringWriter();
    int code = cl.setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(out, true)).execute(args);
    return "exit " + code + "\n" + out;
  }

  private static boolean loadable(String name) {
    try {
      Class.forName(name, false, ClientCommandLineTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
