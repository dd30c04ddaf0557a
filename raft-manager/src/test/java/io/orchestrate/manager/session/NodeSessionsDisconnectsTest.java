package io.orchestrate.manager.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Which closed connections count as worker disconnects (the metric an alert watches). */
class NodeSessionsDisconnectsTest {
  @Test
  void aRegisteredWorkersClosedConnectionCountsOnce() {
    NodeSessions s = new NodeSessions();
    EmbeddedChannel ch = new EmbeddedChannel();
    s.open("w1", ch, true);
    s.closed("w1", ch);
    s.closed("w1", ch);
    assertThat(s.disconnects()).isEqualTo(1);
    assertThat(s.size()).isZero();
  }

  @Test
  void anOlderConnectionReplacedByTheSameNodesNewerOneIsNotADisconnect() {
    NodeSessions s = new NodeSessions();
    EmbeddedChannel old = new EmbeddedChannel();
    EmbeddedChannel fresh = new EmbeddedChannel();
    s.open("w1", old, true);
    s.open("w1", fresh, true);
    s.closed("w1", old);
    assertThat(s.disconnects()).isZero();
    assertThat(s.connected("w1")).isTrue();
  }

  @Test
  void closingEverySessionOnALeadershipChangeIsNotCounted() {
    NodeSessions s = new NodeSessions();
    EmbeddedChannel a = new EmbeddedChannel();
    EmbeddedChannel b = new EmbeddedChannel();
    s.open("w1", a, true);
    s.open("w2", b, true);
    s.closeAll();
    assertThat(a.isOpen()).isFalse();
    assertThat(b.isOpen()).isFalse();
    // The gateway reports each channel's close afterwards, as its handler does.
    s.closed("w1", a);
    s.closed("w2", b);
    assertThat(s.disconnects()).isZero();
  }
}
