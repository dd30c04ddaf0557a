package io.orchestrate.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * The TLS contexts of the three ports and their clients, all mutual: a server requires a client
 * certificate of an accepted role, a client presents its own and accepts only a manager's
 * certificate for the host it dialed. The JDK's TLS engine is used everywhere, so the reloading key
 * and trust managers are asked on every handshake.
 */
public final class TlsContexts {
  /** TLS 1.3 first; 1.2 for peers that lack it. Nothing older. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  /**
   * How long a TLS session may be resumed, in seconds: no longer than the key and trust managers
   * go without looking at their files. A resumed session skips both the certificate and its
   * check, so with the JDK's default of a day a renewed certificate would not be presented, and
   * a certificate of a CA removed from the bundle would still be let in, on new connections for
   * that long.
   */
  static final int SESSION_TIMEOUT_SECONDS = 1;

  private TlsContexts() {}

  /** A Netty server context that requires a client certificate with one of {@code clientRoles}. */
  public static SslContext nettyServer(TlsMaterial tls, Set<Role> clientRoles) {
    try {
      return SslContextBuilder.forServer(tls.keyManager())
          .trustManager(tls.trustManager(clientRoles))
          .clientAuth(ClientAuth.REQUIRE)
          .sslProvider(SslProvider.JDK)
          .protocols(PROTOCOLS)
          .sessionTimeout(SESSION_TIMEOUT_SECONDS)
          .build();
    } catch (SSLException e) {
      throw new TlsException("cannot build a TLS server context from " + tls.files() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A Netty client context that presents this process's certificate and accepts only a manager's
   * certificate naming the host dialed: create handlers with {@code newHandler(alloc, host, port)}
   * so the host is known.
   */
  public static SslContext nettyClient(TlsMaterial tls) {
    try {
      return SslContextBuilder.forClient()
          .keyManager(tls.keyManager())
          .trustManager(tls.trustManager(EnumSet.of(Role.MANAGER)))
          .endpointIdentificationAlgorithm("HTTPS")
          .sslProvider(SslProvider.JDK)
          .protocols(PROTOCOLS)
          .sessionTimeout(SESSION_TIMEOUT_SECONDS)
          .build();
    } catch (SSLException e) {
      throw new TlsException("cannot build a TLS client context from " + tls.files() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A JDK context for {@code java.net.http.HttpClient} talking to managers' APIs: it presents this
   * process's certificate and accepts only managers'. The HTTP client verifies the host itself.
   */
  public static SSLContext jdkClient(TlsMaterial tls) {
    return jdk(tls, EnumSet.of(Role.MANAGER));
  }

  /** A JDK context with this process's certificate that accepts peers with {@code peerRoles}. */
  public static SSLContext jdk(TlsMaterial tls, Set<Role> peerRoles) {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(new KeyManager[] {tls.keyManager()}, new TrustManager[] {tls.trustManager(peerRoles)}, null);
      c.getClientSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
      c.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
      return c;
    } catch (GeneralSecurityException e) {
      throw new TlsException("cannot build a TLS context from " + tls.files() + ": " + e.getMessage(), e);
    }
  }
}
