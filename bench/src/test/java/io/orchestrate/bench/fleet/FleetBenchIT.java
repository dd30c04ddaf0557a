package io.orchestrate.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A small fleet end to end against three in-process managers: 20 simulated nodes on the real
 * gateway protocol take 500 tasks to RUNNING, then the leader is killed and restarted, and no task
 * may move.
 */
class FleetBenchIT {
  @Test
  void everyTaskRunsFramesStayBoundedAndAFailoverMovesNothing() throws Exception {
    FleetSettings settings = new FleetSettings(20, 500, 50, 4, Duration.ofMinutes(3), true);
    StringWriter progress = new StringWriter();
    FleetReport r;
    try (InProcessManagers managers = new InProcessManagers(Files.createTempDirectory("fleet-it-"), 3)) {
      r = new FleetBench(settings, new PrintWriter(progress, true)).run(managers);
    } catch (Exception | AssertionError e) {
      throw new AssertionError("fleet bench failed; its output:\n" + progress, e);
    }

    StringWriter text = new StringWriter();
    r.printText(new PrintWriter(text, true));
    String output = progress + "" + text;
    assertThat(r.tasks()).isEqualTo(500);
    assertThat(r.placement().allRunningSeconds()).as("output:%n%s", output).isPositive();
    assertThat(r.placement().placementsPerSecond()).isPositive();
    // Every task reported RUNNING by a worker reached the leader's state, and nothing else did.
    assertThat(r.frames().desired()).isPositive();
    assertThat(r.frames().largestDesiredBytes()).isPositive().isLessThan(1024 * 1024);
    assertThat(r.frames().protocolErrors()).isZero();
    assertThat(r.snapshot().bytes()).isPositive();

    FleetReport.Failover f = r.failover();
    assertThat(f).isNotNull();
    assertThat(f.newLeader()).isNotNull().isNotEqualTo(f.killed());
    assertThat(f.movedTasks()).as("tasks moved by the failover; output:%n%s", output).isZero();
    assertThat(f.runningAfter()).isEqualTo(500);
    assertThat(f.observedSeconds()).isGreaterThanOrEqualTo(2 * 6.0 - 0.5);
    assertThat(progress.toString()).contains("all 500 tasks RUNNING").contains("failover: a write was committed");
  }
}
