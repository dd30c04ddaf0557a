package io.orchestrate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewayPipelineTest {

  private static EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    GatewayPipeline.install(ch.pipeline());
    return ch;
  }

  private static EmbeddedChannel channel(int maxFrameBytes) {
    EmbeddedChannel ch = new EmbeddedChannel();
    GatewayPipeline.install(ch.pipeline(), maxFrameBytes);
    return ch;
  }

  /** Everything the sender wrote, as one buffer of wire bytes. */
  private static ByteBuf wire(EmbeddedChannel sender) {
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
      all.writeBytes(b);
      b.release();
    }
    return all;
  }

  private static ByteBuf frame(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return Unpooled.buffer().writeInt(bytes.length).writeBytes(bytes);
  }

  @Test
  void everyMessageTypeRoundTripsThroughThePipeline() {
    List<GatewayMessage> messages = Samples.all();
    Set<MessageType> covered = EnumSet.noneOf(MessageType.class);
    messages.forEach(m -> covered.add(m.type()));
    assertThat(covered).as("samples cover every message type").containsExactlyInAnyOrder(MessageType.values());

    for (GatewayMessage m : messages) {
      EmbeddedChannel sender = channel();
      EmbeddedChannel receiver = channel();
      assertThat(sender.writeOutbound(m)).isTrue();
      receiver.writeInbound(wire(sender));
      GatewayMessage back = receiver.readInbound();
      assertThat(back).as(m.type().tag()).isEqualTo(m);
      assertThat(receiver.<Object>readInbound()).isNull();
    }
  }

  @Test
  void framesSplitAcrossReadsAreReassembledInOrder() {
    EmbeddedChannel sender = channel();
    List<GatewayMessage> messages = Samples.all();
    messages.forEach(sender::writeOutbound);
    ByteBuf bytes = wire(sender);

    EmbeddedChannel receiver = channel();
    // Uneven chunks, so that both the length prefix and the bodies are cut in the middle.
    int[] sizes = {1, 2, 3, 5, 7, 11, 13};
    for (int i = 0; bytes.isReadable(); i++) {
      int n = Math.min(sizes[i % sizes.length], bytes.readableBytes());
      receiver.writeInbound(bytes.readRetainedSlice(n));
    }
    bytes.release();

    List<GatewayMessage> received = new ArrayList<>();
    for (GatewayMessage m; (m = receiver.readInbound()) != null; ) received.add(m);
    assertThat(received).containsExactlyElementsOf(messages);
  }

  @Test
  void aFrameOverTheLimitIsRejectedBeforeItsBodyArrives() {
    EmbeddedChannel receiver = channel();
    ByteBuf header = Unpooled.buffer().writeInt(GatewayPipeline.DEFAULT_MAX_FRAME_BYTES + 1);
    assertThatThrownBy(() -> receiver.writeInbound(header))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("gateway frame of 16777217 bytes exceeds the limit of 16777216 bytes");
  }

  @Test
  void aNegativeLengthReadsAsHugeAndIsRejected() {
    EmbeddedChannel receiver = channel();
    assertThatThrownBy(() -> receiver.writeInbound(Unpooled.buffer().writeInt(-1)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void aFrameAtTheLimitIsAccepted() {
    String json = "{\"type\":\"not-leader\",\"v\":1,\"body\":{\"leaderId\":null,\"leaderGateway\":null}}";
    EmbeddedChannel receiver = channel(json.length());
    receiver.writeInbound(frame(json));
    assertThat(receiver.<GatewayMessage>readInbound()).isEqualTo(new NotLeader(null, null));
  }

  @Test
  void anOutgoingMessageOverTheLimitFailsItsWrite() {
    EmbeddedChannel sender = channel(64);
    assertThatThrownBy(() -> sender.writeOutbound(Samples.all().get(0)))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("gateway message 'register' is")
        .hasMessageContaining("over the frame limit of 64 bytes");
    assertThat(sender.<Object>readOutbound()).isNull();
  }

  @Test
  void anUnknownTypeIsRejectedNamingTheTag() {
    EmbeddedChannel receiver = channel();
    assertThatThrownBy(() -> receiver.writeInbound(frame("{\"type\":\"reboot\",\"v\":1,\"body\":{}}")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("unknown gateway message type 'reboot'");
  }

  @Test
  void aNewerVersionIsRejected() {
    EmbeddedChannel receiver = channel();
    assertThatThrownBy(() -> receiver.writeInbound(
        frame("{\"type\":\"heartbeat-ack\",\"v\":2,\"body\":{\"term\":1,\"seq\":1}}")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("gateway message 'heartbeat-ack' has version 2; this build reads up to 1");
  }
}
