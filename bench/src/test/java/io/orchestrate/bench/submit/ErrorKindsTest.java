package io.orchestrate.bench.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorKindsTest {
  @Test
  void anApiErrorIsNamedByStatusAndCode() {
    byte[] body = "{\"error\":\"no leader\",\"code\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(ErrorKinds.of(new Answer(503, body))).isEqualTo("HTTP 503 unavailable");
  }

  @Test
  void aBodyThatIsNotTheApiErrorLeavesTheStatusAlone() {
    assertThat(ErrorKinds.of(new Answer(502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8)))).isEqualTo("HTTP 502");
    assertThat(ErrorKinds.of(new Answer(307, null))).isEqualTo("HTTP 307");
  }

  @Test
  void failuresAreNamedThroughCompletionWrappers() {
    assertThat(ErrorKinds.of(new CompletionException(new TimeoutException()))).isEqualTo("timeout");
    assertThat(ErrorKinds.of(new ConnectException("Connection refused"))).isEqualTo("connect failed");
    assertThat(ErrorKinds.of(new CompletionException(new ClosedChannelException()))).isEqualTo("connection closed");
    assertThat(ErrorKinds.of(new IllegalStateException("x"))).isEqualTo("IllegalStateException");
  }
}
