package io.orchestrate.bench.submit;

import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.security.TlsMaterial;
import javax.net.ssl.SSLContext;

/**
 * How the bench client proves who it is to a cluster with TLS: a client certificate of the
 * cluster's CA (files) and, when the managers require one, an API token. Null files means plain HTTP.
 */
public record Credentials(TlsFiles files, String token) {
  public static final Credentials PLAIN = new Credentials(null, null);

  public boolean tls() {
    return files != null;
  }

  /** For the JDK HTTP client; null in plain text. */
  SSLContext jdk() {
    return files == null ? null : TlsContexts.jdkClient(TlsMaterial.load(files));
  }

  /** For the Netty client; null in plain text. */
  io.netty.handler.ssl.SslContext netty() {
    return files == null ? null : TlsContexts.nettyClient(TlsMaterial.load(files));
  }

  /** Without the token: a record's usual string would put it in whatever logs this. */
  @Override
  public String toString() {
    return "Credentials[files=" + files + ", token=" + (token == null ? "none" : "<redacted>") + "]";
  }
}
