package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
  private static List<FaultSchedule.Step> first(long seed, EnumSet<FaultKind> kinds, int n) {
    FaultSchedule s = new FaultSchedule(seed, kinds);
    List<FaultSchedule.Step> steps = new ArrayList<>();
    for (int i = 0; i < n; i++) steps.add(s.next());
    return steps;
  }

  @Test
  void theSameSeedReplaysTheSameSchedule() {
    assertThat(first(42, EnumSet.allOf(FaultKind.class), 100)).isEqualTo(first(42, EnumSet.allOf(FaultKind.class), 100));
  }

  @Test
  void anotherSeedGivesAnotherSchedule() {
    assertThat(first(42, EnumSet.allOf(FaultKind.class), 20)).isNotEqualTo(first(43, EnumSet.allOf(FaultKind.class), 20));
  }

  @Test
  void everyKindComesUpAndOnlyTheKindsAskedFor() {
    assertThat(first(7, EnumSet.allOf(FaultKind.class), 200)).extracting(FaultSchedule.Step::kind)
        .containsAll(EnumSet.allOf(FaultKind.class));
    assertThat(first(7, EnumSet.of(FaultKind.ISOLATE_LEADER), 50)).extracting(FaultSchedule.Step::kind)
        .containsOnly(FaultKind.ISOLATE_LEADER);
  }

  @Test
  void aPauseOutlastsTheElectionTimeout() {
    assertThat(first(9, EnumSet.of(FaultKind.PAUSE_LEADER), 200))
        .allSatisfy(s -> assertThat(s.hold()).isGreaterThanOrEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void enoughFaultsFitInTheCiProfile() {
    // CI: 3.5 faulty minutes must hold at least 20 faults even if every step drew its longest hold and quiet time,
    // with up to 1.5 s of Docker work (kill or pause, restart, firewall rules) per fault.
    long worstCaseMs = first(1, EnumSet.allOf(FaultKind.class), 1000).stream()
        .mapToLong(s -> s.hold().toMillis() + s.quiet().toMillis() + 1500).max().orElseThrow();
    assertThat(210_000 / worstCaseMs).isGreaterThanOrEqualTo(ChaosIT.MIN_FAULTS);
  }

  @Test
  void anEmptySetOfKindsIsRefused() {
    assertThatThrownBy(() -> new FaultSchedule(1, EnumSet.noneOf(FaultKind.class))).hasMessageContaining("no fault kinds");
  }
}
