package io.orchestrate.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.HealthCheck;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counting, thresholds, grace and the watched set, on a manual scheduler: time moves only when the test says. */
class HealthProberTest {
  private final ManualProbeScheduler scheduler = new ManualProbeScheduler();
  /** Scripted results per handle; an empty script passes. */
  private final Map<String, Deque<CheckResult>> script = new HashMap<>();
  private final List<String> checked = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final HealthProber prober = new HealthProber(scheduler, target -> {
    checked.add(target.handle());
    Deque<CheckResult> q = script.get(target.handle());
    return q == null || q.isEmpty() ? CheckResult.pass() : q.poll();
  });

  HealthProberTest() {
    prober.listen((target, health, error) -> events.add(target.handle() + " " + health.wire() + (error == null ? "" : " (" + error + ")")));
  }

  private static ProbeTarget target(String task, String handle, int interval, int threshold, int grace) {
    return new ProbeTarget(task, 1, handle, HealthCheck.tcp(80).withTimings(interval, 1, threshold, grace));
  }

  private void results(String handle, CheckResult... rs) {
    script.computeIfAbsent(handle, h -> new ArrayDeque<>()).addAll(List.of(rs));
  }

  private static CheckResult fail(String why) {
    return CheckResult.fail(why);
  }

  private void seconds(int n) {
    scheduler.advance(Duration.ofSeconds(n));
  }

  @Test
  void theFirstCheckRunsOneIntervalAfterTheStartAndAPassMakesItHealthyOnce() {
    prober.sync(List.of(target("t", "h1", 5, 3, 0)));
    assertThat(prober.health("t")).isEqualTo(Health.STARTING);

    scheduler.advance(Duration.ofMillis(4999));
    assertThat(checked).isEmpty();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(checked).containsExactly("h1");
    assertThat(events).containsExactly("h1 healthy");

    seconds(10);
    assertThat(checked).hasSize(3);
    assertThat(events).as("staying healthy is no news").containsExactly("h1 healthy");
  }

  @Test
  void onlyConsecutiveFailuresUpToTheThresholdMakeItUnhealthyAndThenChecksStop() {
    results("h1", fail("refused"), fail("refused"), CheckResult.pass(), fail("refused"), fail("refused"), fail("timed out"));
    prober.sync(List.of(target("t", "h1", 1, 3, 0)));

    seconds(2);
    assertThat(prober.health("t")).as("two failures, threshold three").isEqualTo(Health.STARTING);
    assertThat(events).isEmpty();
    seconds(1);
    assertThat(events).containsExactly("h1 healthy");
    seconds(2);
    assertThat(prober.health("t")).as("a pass reset the count").isEqualTo(Health.HEALTHY);
    seconds(1);
    assertThat(events).containsExactly("h1 healthy", "h1 unhealthy (timed out)");
    assertThat(prober.health("t")).isEqualTo(Health.UNHEALTHY);

    int checks = checked.size();
    seconds(30);
    assertThat(checked).as("an unhealthy copy is checked no more").hasSize(checks);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aThresholdOfOneFailsOnTheFirstFailure() {
    results("h1", fail("connection refused"));
    prober.sync(List.of(target("t", "h1", 2, 1, 0)));
    seconds(2);
    assertThat(events).containsExactly("h1 unhealthy (connection refused)");
  }

  @Test
  void failuresInsideTheGracePeriodDoNotCountButLaterOnesDo() {
    results("h1", fail("a"), fail("b"), fail("c"), fail("d"), fail("e"));
    prober.sync(List.of(target("t", "h1", 1, 2, 3)));

    seconds(2); // failures at +1 s and +2 s, inside the 3 s grace
    assertThat(events).isEmpty();
    seconds(1); // +3 s: grace over, first counted failure
    assertThat(events).isEmpty();
    seconds(1); // +4 s: second counted failure
    assertThat(events).containsExactly("h1 unhealthy (d)");
  }

  @Test
  void aPassEndsTheGracePeriodEarly() {
    results("h1", CheckResult.pass(), fail("x"));
    prober.sync(List.of(target("t", "h1", 1, 1, 60)));
    seconds(2);
    assertThat(events).containsExactly("h1 healthy", "h1 unhealthy (x)");
  }

  @Test
  void aThrowingRunnerCountsAsAFailedCheck() {
    HealthProber throwing = new HealthProber(scheduler, target -> {
      throw new IllegalStateException("boom");
    });
    List<String> seen = new ArrayList<>();
    throwing.listen((target, health, error) -> seen.add(health.wire() + " " + error));
    throwing.sync(List.of(target("t", "h1", 1, 1, 0)));
    seconds(1);
    assertThat(seen).containsExactly("unhealthy java.lang.IllegalStateException: boom");
  }

  @Test
  void syncStartsKeepsRestartsAndDropsProbesToMatchTheWholeSet() {
    ProbeTarget a = target("a", "ha", 2, 3, 0);
    ProbeTarget b = target("b", "hb", 2, 3, 0);
    prober.sync(List.of(a, b));
    seconds(1);
    prober.sync(List.of(a, b)); // the same set again: nothing restarts, the schedule is kept
    seconds(1);
    assertThat(checked).containsExactlyInAnyOrder("ha", "hb");
    assertThat(prober.watched()).isEqualTo(Set.of("a", "b"));

    results("hb2", fail("new copy still booting"));
    ProbeTarget bRestarted = target("b", "hb2", 2, 3, 0);
    prober.sync(List.of(bRestarted)); // a dropped, b has a new copy
    assertThat(prober.watched()).isEqualTo(Set.of("b"));
    assertThat(prober.health("b")).as("a new copy starts over").isEqualTo(Health.STARTING);
    checked.clear();
    seconds(2);
    assertThat(checked).containsExactly("hb2");

    prober.sync(List.of());
    checked.clear();
    seconds(10);
    assertThat(checked).isEmpty();
    assertThat(prober.health("b")).isNull();
  }

  @Test
  void aResultArrivingAfterTheProbeWasDroppedIsNotReported() {
    ProbeTarget a = target("a", "ha", 1, 1, 0);
    HealthProber[] self = new HealthProber[1];
    self[0] = new HealthProber(scheduler, target -> {
      self[0].sync(List.of()); // the copy goes away while its check runs
      return CheckResult.fail("gone");
    });
    List<String> seen = new ArrayList<>();
    self[0].listen((target, health, error) -> seen.add(health.wire()));
    self[0].sync(List.of(a));
    seconds(5);
    assertThat(seen).isEmpty();
  }

  @Test
  void closeStopsEveryProbeAndTheScheduler() {
    prober.sync(List.of(target("a", "ha", 1, 3, 0)));
    prober.close();
    seconds(5);
    assertThat(checked).isEmpty();
    assertThat(scheduler.closed).isTrue();
    prober.sync(List.of(target("a", "ha", 1, 3, 0)));
    assertThat(prober.watched()).as("a closed prober watches nothing").isEmpty();
  }
}
