package io.orchestrate.cli.ops;

import io.orchestrate.security.ReloadingKeyManager;
import io.orchestrate.security.TlsFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One fresh TLS handshake to a port, to see what the process behind it uses right now: the
 * certificate it presents and the CA names it asks a client's certificate to come from (its trust
 * bundle). What {@code openssl s_client} shows an operator. Every call is a new connection, so it
 * sees files reloaded since the last one; an established connection would not.
 */
final class TlsProbe {
  /** The server's certificate and the CAs its port trusts, by subject name. */
  record Seen(X509Certificate certificate, Set<String> trustedCas) {
    String issuer() {
      return certificate.getIssuerX500Principal().getName();
    }

    BigInteger serial() {
      return certificate.getSerialNumber();
    }
  }

  private TlsProbe() {}

  /**
   * Handshakes with {@code hostPort} presenting {@code client}'s certificate. The server's chain is
   * recorded, not judged: the probe must see a certificate its own CA file does not trust yet. The
   * handshake may still be refused afterwards (a port that does not accept the client's role); what
   * the server sent before that is the answer.
   */
  static Seen probe(String hostPort, TlsFiles client) throws IOException {
    AtomicReference<X509Certificate> presented = new AtomicReference<>();
    AtomicReference<Principal[]> asked = new AtomicReference<>();
    ReloadingKeyManager own = new ReloadingKeyManager(client.cert(), client.key());
    SSLContext ctx;
    try {
      ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {new RecordingKeyManager(own, asked)}, new TrustManager[] {new RecordingTrustManager(presented)}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    int colon = hostPort.lastIndexOf(':');
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 5_000);
      raw.setSoTimeout(5_000);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, hostPort.substring(0, colon), raw.getPort(), false)) {
        SSLParameters p = s.getSSLParameters();
        // The Raft port speaks gRPC, which negotiates HTTP/2; the other ports ignore the offer.
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        s.setSSLParameters(p);
        try {
          s.startHandshake();
        } catch (IOException e) {
          if (presented.get() == null) throw e;
        }
      }
    }
    if (presented.get() == null) throw new IOException("no certificate from " + hostPort);
    Principal[] names = asked.get();
    Set<String> cas = names == null ? Set.of() : Arrays.stream(names).map(Principal::getName).collect(Collectors.toSet());
    return new Seen(presented.get(), cas);
  }

  /** Accepts any server chain and keeps its leaf. */
  private static final class RecordingTrustManager extends X509ExtendedTrustManager {
    private final AtomicReference<X509Certificate> presented;

    RecordingTrustManager(AtomicReference<X509Certificate> presented) {
      this.presented = presented;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      presented.set(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      presented.set(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      presented.set(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Presents the client's own pair and keeps the CA names the server asked for. */
  private static final class RecordingKeyManager extends X509ExtendedKeyManager {
    private final ReloadingKeyManager own;
    private final AtomicReference<Principal[]> asked;

    RecordingKeyManager(ReloadingKeyManager own, AtomicReference<Principal[]> asked) {
      this.own = own;
      this.asked = asked;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      asked.set(issuers);
      return own.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return own.getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return own.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return own.getPrivateKey(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
