package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What a refused handshake's log line says. */
class HandshakeLogTest {
  @Test
  void theTrustManagersReasonIsLoggedWithoutItsWrappers() {
    SSLHandshakeException e = new SSLHandshakeException("wrapped");
    e.initCause(new CertificateException("certificate for w1 has role worker; this port accepts manager"));

    assertThat(HandshakeLog.reason(new DecoderException(e))).isEqualTo("certificate for w1 has role worker; this port accepts manager");
  }

  @Test
  void plainTextIsNamedButNeverEchoed() {
    String hex = "504f5354202f76312f6a6f6273"; // "POST /v1/jobs", as Netty puts it in its message
    NotSslRecordException e = new NotSslRecordException("not an SSL/TLS record: " + hex);

    assertThat(HandshakeLog.reason(new DecoderException(e))).isEqualTo("not TLS (plain text sent to a TLS port?)").doesNotContain(hex);
  }
}
