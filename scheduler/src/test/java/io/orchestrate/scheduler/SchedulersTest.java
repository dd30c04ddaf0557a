package io.orchestrate.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchedulersTest {

  @Test
  void everyListedNameResolvesToTheAlgorithmOfThatName() {
    assertThat(Schedulers.names()).containsExactly("round-robin", "epvm", "binpack", "spread");
    for (String name : Schedulers.names()) assertThat(Schedulers.byName(name).name()).isEqualTo(name);
  }

  @Test
  void namesAreMatchedIgnoringCaseAndSurroundingSpace() {
    assertThat(Schedulers.byName(" BinPack ").name()).isEqualTo("binpack");
  }

  @Test
  void theDefaultIsEpvm() {
    assertThat(Schedulers.defaultAlgorithm().name()).isEqualTo("epvm");
  }

  @Test
  void anUnknownNameListsTheValidOnes() {
    assertThatThrownBy(() -> Schedulers.byName("best-fit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown scheduler algorithm \"best-fit\"; valid: round-robin, epvm, binpack, spread");
    assertThatThrownBy(() -> Schedulers.byName(null))
        .hasMessage("unknown scheduler algorithm \"null\"; valid: round-robin, epvm, binpack, spread");
  }
}
