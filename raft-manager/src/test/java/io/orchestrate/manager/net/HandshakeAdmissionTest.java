package io.orchestrate.manager.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** At most so many handshakes at once; a slot comes back when a handshake ends either way or its connection closes. */
class HandshakeAdmissionTest {
  /** Whatever reaches the handlers behind the gate. */
  private static final class Behind extends ChannelInboundHandlerAdapter {
    final List<Object> events = new ArrayList<>();
    boolean active;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      active = true;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      events.add(evt);
    }
  }

  @Test
  void connectionsPastTheBoundAreClosedBeforeReachingTheHandlersBehind() {
    HandshakeAdmission a = new HandshakeAdmission("gateway", 2);
    EmbeddedChannel c1 = new EmbeddedChannel(a.handler());
    EmbeddedChannel c2 = new EmbeddedChannel(a.handler());
    Behind behind = new Behind();
    EmbeddedChannel c3 = new EmbeddedChannel(a.handler(), behind);

    assertThat(c1.isOpen()).isTrue();
    assertThat(c2.isOpen()).isTrue();
    assertThat(c3.isOpen()).isFalse();
    assertThat(behind.active).isFalse();
    assertThat(a.inProgress()).isEqualTo(2);
    assertThat(a.turnedAway()).isEqualTo(1);
    // Its handshake "fails" as it closes: nobody behind hears of it (no log line per connection turned away).
    c3.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(new SSLHandshakeException("closed")));
    assertThat(behind.events).isEmpty();
    assertThat(a.inProgress()).isEqualTo(2);
  }

  @Test
  void aFinishedHandshakeGivesItsSlotBackOnceAndPassesTheEventOn() {
    HandshakeAdmission a = new HandshakeAdmission("gateway", 1);
    Behind behind = new Behind();
    EmbeddedChannel c1 = new EmbeddedChannel(a.handler(), behind);
    assertThat(behind.active).isTrue();
    assertThat(new EmbeddedChannel(a.handler()).isOpen()).isFalse();

    c1.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    assertThat(behind.events).containsExactly(SslHandshakeCompletionEvent.SUCCESS);
    assertThat(a.inProgress()).isZero();
    EmbeddedChannel c2 = new EmbeddedChannel(a.handler());
    assertThat(c2.isOpen()).isTrue();
    // The first connection closing later does not give back a slot it no longer holds.
    c1.close();
    assertThat(a.inProgress()).isEqualTo(1);
    assertThat(new EmbeddedChannel(a.handler()).isOpen()).isFalse();
  }

  @Test
  void aFailedHandshakeOrAConnectionClosedMidHandshakeGivesItsSlotBack() {
    HandshakeAdmission a = new HandshakeAdmission("gateway", 2);
    EmbeddedChannel failed = new EmbeddedChannel(a.handler());
    EmbeddedChannel dropped = new EmbeddedChannel(a.handler());
    assertThat(a.inProgress()).isEqualTo(2);

    failed.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(new SSLHandshakeException("bad certificate")));
    assertThat(a.inProgress()).isEqualTo(1);
    dropped.close();
    assertThat(a.inProgress()).isZero();
    failed.close();
    assertThat(a.inProgress()).isZero();
    for (int i = 0; i < 2; i++) assertThat(new EmbeddedChannel(a.handler()).isOpen()).isTrue();
    assertThat(a.turnedAway()).isZero();
  }

  @Test
  void theBoundMustBePositive() {
    assertThatThrownBy(() -> new HandshakeAdmission("gateway", 0)).hasMessageContaining("at least 1");
  }
}
