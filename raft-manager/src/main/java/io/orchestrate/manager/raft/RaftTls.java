package io.orchestrate.manager.raft;

import io.orchestrate.security.Role;
import io.orchestrate.security.TlsMaterial;
import java.util.EnumSet;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;

/**
 * Mutual TLS on the Raft port. One Ratis TLS config serves as the default for its server, admin
 * and client connections alike (Ratis uses the default for any of the three not set on its own),
 * and every side of them accepts only a manager's certificate: a worker or client certificate of
 * the same CA reaches neither replication nor Ratis's admin and client requests.
 *
 * <p>The JDK's TLS engine rather than Ratis's default OpenSSL one on the server side: it asks our
 * reloading key and trust managers on every handshake, with the handshake session the host check
 * needs.
 */
public final class RaftTls {
  private RaftTls() {}

  /** Ratis parameters for {@code tls}, or empty parameters (plain text) when it is null. */
  public static Parameters parameters(TlsMaterial tls) {
    Parameters p = new Parameters();
    if (tls != null) GrpcConfigKeys.TLS.setConf(p, config(tls));
    return p;
  }

  static GrpcTlsConfig config(TlsMaterial tls) {
    return GrpcTlsConfig.newBuilder()
        .setKeyManager(tls.keyManager())
        .setTrustManager(tls.trustManager(EnumSet.of(Role.MANAGER)))
        .setMutualTls(true)
        .setSslProvider(SslProvider.JDK)
        .build();
  }
}
