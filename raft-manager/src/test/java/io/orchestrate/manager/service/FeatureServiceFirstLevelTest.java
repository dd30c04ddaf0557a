package io.orchestrate.manager.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.BootstrapAcl;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.TokenRole;
import io.orchestrate.manager.state.FeatureState;
import io.orchestrate.manager.state.StateImage;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A command above the baseline on a leader whose new cluster has no level yet waits (503) for the
 * first level; on a cluster that will not get one by itself it is refused with the upgrade step (409).
 */
class FeatureServiceFirstLevelTest {
  private static final BootstrapAcl BOOTSTRAP = new BootstrapAcl(
      new ApiToken("a-1", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", TokenRole.OPERATOR, "bootstrap", 1L));

  /** Only the level checks are used here: no Raft, no reads. */
  private static FeatureService supporting(int level) {
    return new FeatureService(level, null, null, null, null, Clock.systemUTC());
  }

  @Test
  void aNewClusterWithoutItsFirstLevelYetAnswers503SoTheClientRetries() {
    assertThatThrownBy(() -> supporting(2).requireHere(BOOTSTRAP, StateImage.EMPTY))
        .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessageContaining("feature level is being set");
  }

  @Test
  void aClusterAnEarlierReleaseWroteToIsRefusedWithTheUpgradeStep() {
    StateImage old = StateImage.EMPTY.withManager(new ManagerInfo("m1", "h:1", "h:2", "h:3"));
    assertThatThrownBy(() -> supporting(2).requireHere(BOOTSTRAP, old))
        .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("needs cluster feature level 2").hasMessageContaining("cluster features upgrade");
    assertThatThrownBy(() -> supporting(1).requireHere(BOOTSTRAP, StateImage.EMPTY))
        .as("a leader of an earlier release sets no first level").isInstanceOfSatisfying(ApiException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
  }

  @Test
  void atTheLevelItPasses() {
    assertThatCode(() -> supporting(2).requireHere(BOOTSTRAP, StateImage.EMPTY.withFeatures(new FeatureState(2, 1L)))).doesNotThrowAnyException();
  }
}
