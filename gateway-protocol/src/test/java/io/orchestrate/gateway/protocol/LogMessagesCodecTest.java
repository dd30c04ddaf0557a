package io.orchestrate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.Resources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogMessagesCodecTest {
  private static GatewayMessage decode(String json) {
    return GatewayCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(GatewayMessage m) {
    return new String(GatewayCodec.encode(m), StandardCharsets.UTF_8);
  }

  @Test
  void chunkRoundTripsLinesWithQuotesNewlineFreeUnicodeAndEmptyText() {
    LogChunk c = new LogChunk("w1", 9, List.of(new LogLine("2026-01-02T03:04:05.000000001Z", "stdout", "a \"q\" \\ é ✓ \t"),
        new LogLine("2026-01-02T03:04:05Z", "stderr", "")), false, null);
    assertThat(GatewayCodec.decode(GatewayCodec.encode(c))).isEqualTo(c);
    assertThat(c.cost()).isEqualTo("a \"q\" \\ é ✓ \t".getBytes(StandardCharsets.UTF_8).length + 2L * LogLine.OVERHEAD_BYTES);
  }

  @Test
  void registerWithLogsIsVersion5AndWithoutStaysAtTheOlderVersion() {
    Register with = new Register("w1", "h", Resources.defaults(), Map.of(), "process", List.of(), true, true, Set.of(), true);
    Register without = new Register("w1", "h", Resources.defaults(), Map.of(), "process", List.of(), true, true, Set.of());
    assertThat(encode(with)).contains("\"v\":5").contains("\"logs\":true");
    assertThat(encode(without)).contains("\"v\":3").doesNotContain("logs");
    assertThat(((Register) GatewayCodec.decode(GatewayCodec.encode(without))).servesLogs()).isFalse();
    assertThat(((Register) GatewayCodec.decode(GatewayCodec.encode(with))).servesLogs()).isTrue();
  }

  @Test
  void aTimestampThatIsNotAnInstantIsRefusedNamingTheField() {
    assertThatThrownBy(() -> decode("{\"type\":\"log-chunk\",\"v\":1,\"body\":{\"nodeId\":\"w1\",\"streamId\":1,"
        + "\"lines\":[{\"ts\":\"yesterday\",\"stream\":\"stdout\",\"text\":\"x\"}],\"end\":false}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logLine.ts must be an ISO-8601 instant");
  }

  @Test
  void anUnknownStreamNameIsRefused() {
    assertThatThrownBy(() -> decode("{\"type\":\"log-chunk\",\"v\":1,\"body\":{\"nodeId\":\"w1\",\"streamId\":1,"
        + "\"lines\":[{\"ts\":\"2026-01-02T03:04:05Z\",\"stream\":\"stdin\",\"text\":\"x\"}],\"end\":false}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logLine.stream must be stdout or stderr");
  }

  @Test
  void aLineOverTheLimitIsRefused() {
    String longText = "x".repeat(LogLimits.MAX_LINE_CHARS + 1);
    assertThatThrownBy(() -> decode("{\"type\":\"log-chunk\",\"v\":1,\"body\":{\"nodeId\":\"w1\",\"streamId\":1,"
        + "\"lines\":[{\"ts\":\"2026-01-02T03:04:05Z\",\"stream\":\"stdout\",\"text\":\"" + longText + "\"}],\"end\":false}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logLine.text must be at most " + LogLimits.MAX_LINE_CHARS);
  }

  @Test
  void requestBoundsAreCheckedOnDecode() {
    String base = "{\"type\":\"log-request\",\"v\":1,\"body\":{\"streamId\":1,\"taskId\":\"t\",\"follow\":true,\"stream\":\"both\",\"skip\":0,";
    assertThatThrownBy(() -> decode(base + "\"tail\":-1,\"credit\":" + (LogLimits.WINDOW_BYTES + 1) + "}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logRequest.credit must be at most");
    assertThatThrownBy(() -> decode(base + "\"tail\":-2,\"credit\":10}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logRequest.tail must be -1 or");
    assertThatThrownBy(() -> decode(base.replace("\"skip\":0", "\"skip\":3") + "\"tail\":-1,\"credit\":10}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logRequest.skip needs since");
    assertThatThrownBy(() -> decode(base.replace("\"both\"", "\"all\"") + "\"tail\":-1,\"credit\":10}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logRequest.stream must be stdout, stderr or both");
  }

  @Test
  void creditAndCancelNeedAStreamIdAndPositiveBytes() {
    assertThatThrownBy(() -> decode("{\"type\":\"log-credit\",\"v\":1,\"body\":{\"streamId\":1,\"bytes\":0}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logCredit.bytes must be positive");
    assertThatThrownBy(() -> decode("{\"type\":\"log-cancel\",\"v\":1,\"body\":{\"streamId\":0}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("logCancel.streamId must be positive");
  }

  @Test
  void aChunkOverTheLineCountIsRefusedAndAnErrorOnlyComesWithEnd() {
    List<LogLine> many = new java.util.ArrayList<>();
    for (int i = 0; i <= LogLimits.MAX_CHUNK_LINES; i++) many.add(new LogLine("2026-01-02T03:04:05Z", "stdout", "l"));
    assertThatThrownBy(() -> new LogChunk("w1", 1, many, false, null)).hasMessageContaining("at most " + LogLimits.MAX_CHUNK_LINES);
    assertThatThrownBy(() -> new LogChunk("w1", 1, List.of(), false, "boom")).hasMessageContaining("logChunk.error is only sent with end");
  }

  @Test
  void aNewerLogMessageVersionIsRefused() {
    assertThatThrownBy(() -> decode("{\"type\":\"log-cancel\",\"v\":2,\"body\":{\"streamId\":1}}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("has version 2; this build reads up to 1");
  }
}
