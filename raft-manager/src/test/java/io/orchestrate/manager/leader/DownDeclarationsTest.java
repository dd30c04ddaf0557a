package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Nodes declared DOWN at a pace in a large fleet, none while a large part is missing at once, all at once in a small fleet. */
class DownDeclarationsTest {
  private static final long SECOND = 1_000_000_000L;
  private final DownDeclarations downs = new DownDeclarations();
  private final Set<String> heard = new HashSet<>();

  private static List<String> nodes(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(prefix + i);
    return out;
  }

  @Test
  void aSmallFleetDeclaresEveryExpiredNodeAtOnceExceptThoseHeardFromSince() {
    heard.add("w2");
    DownDeclarations.Decision d = downs.due(List.of("w1", "w2", "w3"), heard::contains, 3, 0);
    assertThat(d.declare()).containsExactly("w1", "w3");
    assertThat(d.disrupted()).isFalse();
    assertThat(downs.pending()).isFalse();
  }

  @Test
  void aLargeFleetDeclaresAHundredthOfItselfASecondAndSparesANodeThatHeartbeatsWhileWaiting() {
    // 1,000 nodes: 10 a second. 25 expire together.
    List<String> expired = nodes("n", 25);
    DownDeclarations.Decision first = downs.due(expired, heard::contains, 1_000, 0);
    assertThat(first.declare()).isEqualTo(expired.subList(0, 10));
    assertThat(first.waiting()).isEqualTo(15);

    DownDeclarations.Decision half = downs.due(List.of(), heard::contains, 1_000, SECOND / 2);
    assertThat(half.declare()).isEqualTo(expired.subList(10, 15));

    heard.add("n15"); // its heartbeat came in while it waited
    DownDeclarations.Decision rest = downs.due(List.of(), heard::contains, 1_000, 2 * SECOND);
    assertThat(rest.declare()).isEqualTo(expired.subList(16, 25));
    assertThat(downs.pending()).isFalse();
  }

  @Test
  void theAllowanceDoesNotPileUpWhileNothingExpires() {
    downs.due(List.of(), heard::contains, 1_000, 0);
    // A quiet hour does not buy an hour's worth of declarations at once.
    DownDeclarations.Decision d = downs.due(nodes("n", 100), heard::contains, 1_000, 3_600 * SECOND);
    assertThat(d.declare()).hasSize(10);
  }

  @Test
  void noneWhileMoreThanAThirdOfTheFleetIsMissingThenAtThePaceOnceFewerAre() {
    List<String> expired = nodes("n", 350);
    DownDeclarations.Decision d = downs.due(expired, heard::contains, 1_000, 0);
    assertThat(d.declare()).isEmpty();
    assertThat(d.disrupted()).isTrue();
    assertThat(d.waiting()).isEqualTo(350);

    // 300 come back (the leader caught up with their heartbeats): 50 missing, 5% of the fleet.
    heard.addAll(expired.subList(0, 300));
    DownDeclarations.Decision after = downs.due(List.of(), heard::contains, 1_000, 10 * SECOND);
    assertThat(after.disrupted()).isFalse();
    assertThat(after.declare()).isEqualTo(expired.subList(300, 310));
    assertThat(after.waiting()).isEqualTo(40);
  }

  @Test
  void aNewTermForgetsWhoWasWaiting() {
    downs.due(nodes("n", 400), heard::contains, 1_000, 0);
    assertThat(downs.pending()).isTrue();
    downs.clear();
    assertThat(downs.pending()).isFalse();
    assertThat(downs.due(List.of("x"), heard::contains, 1_000, SECOND).declare()).containsExactly("x");
  }
}
