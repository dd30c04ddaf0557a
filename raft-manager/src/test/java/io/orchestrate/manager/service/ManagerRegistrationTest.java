package io.orchestrate.manager.service;

import static org.assertj.core.api.Assertions.assertThat;

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
}
