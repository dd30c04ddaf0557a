package io.orchestrate.manager.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.manager.state.FeatureState;
import io.orchestrate.manager.state.StateImage;
import org.junit.jupiter.api.Test;

class ManagerRegistrationTest {
  @Test
  void sendsWhileTheStateLacksTheAddressesAndNothingIsPending() {
    assertThat(ManagerRegistration.shouldSend(false, 0, 0)).as("first start").isTrue();
    assertThat(ManagerRegistration.shouldSend(false, 40, 12)).as("applied past the last registration, yet not held: a snapshot replaced it").isTrue();
  }

  @Test
  void doesNotSendOnceTheStateHoldsTheAddresses() {
    assertThat(ManagerRegistration.shouldSend(true, 12, 12)).isFalse();
    assertThat(ManagerRegistration.shouldSend(true, 0, 0)).isFalse();
  }

  @Test
  void waitsForItsReplicaToApplyARegistrationThatAlreadyCommitted() {
    // A follower told of the commit at 12 that has applied only up to 11 must not send again.
    assertThat(ManagerRegistration.shouldSend(false, 11, 12)).isFalse();
    assertThat(ManagerRegistration.shouldSend(false, 12, 12)).isTrue();
  }

  @Test
  void aManagerOfThisReleaseHoldsItsFirstRegistrationUntilANewClustersLevelIsSet() {
    assertThat(ManagerRegistration.holdForFirstLevel(2, StateImage.EMPTY)).as("a new cluster, no level yet").isTrue();
    assertThat(ManagerRegistration.holdForFirstLevel(2, StateImage.EMPTY.withFeatures(new FeatureState(2, 1L))))
        .as("the first leader set the level").isFalse();
    assertThat(ManagerRegistration.holdForFirstLevel(2, StateImage.EMPTY.withManager(new ManagerInfo("m1", "h:1", "h:2", "h:3"))))
        .as("another manager registered at the baseline: an earlier release's cluster, which never gets a first level").isFalse();
    assertThat(ManagerRegistration.holdForFirstLevel(1, StateImage.EMPTY)).as("a manager of an earlier release never holds back").isFalse();
  }
}
