package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One line per placing round when they are rare, one line a second adding them up when they are not. */
class PlacementLogTest {
  private final List<String> lines = new ArrayList<>();
  private final PlacementLog log = new PlacementLog(lines::add);

  @Test
  void theFirstRoundIsWrittenAtOnce() {
    log.round(3, 0, 0, 4, 10_000);

    assertThat(lines).containsExactly("placed 3 task(s) in one round of 4 ms; 0 pending");
  }

  @Test
  void roundsWithinASecondAddUpIntoOneLineWrittenByTheTickPastIt() {
    log.round(2, 0, 8, 5, 10_000);
    log.round(4, 1, 5, 12, 10_300);
    log.round(1, 0, 4, 3, 10_600);
    log.flushIfDue(10_900);
    assertThat(lines).hasSize(1);

    log.flushIfDue(11_000);
    assertThat(lines).containsExactly(
        "placed 2 task(s) in one round of 5 ms; 8 pending",
        "placed 5 task(s) in 2 rounds over 712 ms (slowest 12 ms), 1 placement(s) refused as stale and retried; 4 pending");
  }

  @Test
  void nothingPlacedSinceTheLastLineWritesNothing() {
    log.round(1, 0, 0, 1, 10_000);
    log.flushIfDue(20_000);
    log.flushIfDue(30_000);

    assertThat(lines).hasSize(1);
  }
}
