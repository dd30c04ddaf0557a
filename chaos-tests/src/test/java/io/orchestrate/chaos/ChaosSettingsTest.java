package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChaosSettingsTest {
  private static ChaosSettings settings(Set<FaultKind> faults, boolean partitionsRequired) {
    return new ChaosSettings("t", 1, Duration.ofMinutes(1), 3, 2, 4, faults, false, false, partitionsRequired, Path.of("j"), Path.of("d"), Path.of("o"));
  }

  @Test
  void partitionsAreRequiredInCiUnlessSaidOtherwise() {
    assertThat(ChaosSettings.partitionsRequired("", "true")).isTrue();
    assertThat(ChaosSettings.partitionsRequired("", null)).isFalse();
    assertThat(ChaosSettings.partitionsRequired("", "false")).isFalse();
    assertThat(ChaosSettings.partitionsRequired("required", null)).isTrue();
    assertThat(ChaosSettings.partitionsRequired("optional", "true")).isFalse();
    assertThatThrownBy(() -> ChaosSettings.partitionsRequired("maybe", null)).hasMessageContaining("chaos.partitions");
  }

  @Test
  void withAFirewallEveryKindAskedForIsUsed() {
    assertThat(settings(EnumSet.allOf(FaultKind.class), true).usableFaults(null)).isEqualTo(EnumSet.allOf(FaultKind.class));
  }

  @Test
  void requiredPartitionsThatCannotBeMadeFailTheRunLoudly() {
    assertThatThrownBy(() -> settings(EnumSet.allOf(FaultKind.class), true).usableFaults("partitions need root"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("required").hasMessageContaining("partitions need root");
  }

  @Test
  void optionalPartitionsThatCannotBeMadeAreLeftOut() {
    assertThat(settings(EnumSet.allOf(FaultKind.class), false).usableFaults("no iptables"))
        .containsExactlyInAnyOrder(FaultKind.KILL_LEADER, FaultKind.KILL_MINORITY, FaultKind.PAUSE_LEADER);
    assertThatThrownBy(() -> settings(EnumSet.of(FaultKind.ISOLATE_LEADER), false).usableFaults("no iptables"))
        .hasMessageContaining("every fault kind asked for needs partitions");
  }

  @Test
  void aRunWithoutPartitionKindsNeedsNoFirewallEvenWhenRequired() {
    assertThat(settings(EnumSet.of(FaultKind.KILL_LEADER), true).usableFaults("no iptables")).containsExactly(FaultKind.KILL_LEADER);
  }
}
