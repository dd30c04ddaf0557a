package io.orchestrate.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  @Test
  void namedThreadsAreDaemonsWithTheGivenName() {
    Thread t = DaemonThreads.named("leader-m1").newThread(() -> {});
    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getName()).isEqualTo("leader-m1");
    assertThat(t.getState()).isEqualTo(Thread.State.NEW);
  }

  @Test
  void numberedThreadsCountFromOnePerFactory() {
    ThreadFactory a = DaemonThreads.numbered("driver-w1");
    ThreadFactory b = DaemonThreads.numbered("driver-w2");
    assertThat(a.newThread(() -> {}).getName()).isEqualTo("driver-w1-1");
    assertThat(a.newThread(() -> {}).getName()).isEqualTo("driver-w1-2");
    assertThat(b.newThread(() -> {}).getName()).isEqualTo("driver-w2-1");
    assertThat(a.newThread(() -> {}).isDaemon()).isTrue();
  }
}
