package io.orchestrate.security;

import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * This process's own certificate and key, read from two PEM files and read again when either
 * changes (see {@link WatchedFiles}). A pair is only taken into use if the key belongs to the
 * certificate and the certificate is valid now; otherwise the first load throws naming the file,
 * and a reload logs and keeps the previous pair. Offers its one pair whatever the peer asks for
 * by issuer: after a CA rotation peers trust both CAs while the pair may be from either.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final AtomicLong LOADS = new AtomicLong();

  /** One loaded pair; its alias is new with every load (see {@link #byAlias}). */
  private record Pair(String alias, X509Certificate[] chain, PrivateKey key, Identity identity) {}

  private final WatchedFiles<Pair> pair;
  private volatile Pair current;
  private volatile Pair previous;

  public ReloadingKeyManager(Path cert, Path key) {
    this(cert, key, Clock.systemUTC(), Duration.ofSeconds(1), System::nanoTime);
  }

  ReloadingKeyManager(Path cert, Path key, Clock clock, Duration checkEvery, LongSupplier nanoTime) {
    this.pair = new WatchedFiles<>("certificate " + cert, List.of(cert, key), files -> load(files.get(0), files.get(1), clock.instant()),
        checkEvery, nanoTime);
    this.current = pair.get();
  }

  /** The pair in use, noting the one it replaced. */
  private Pair pair() {
    Pair p = pair.get();
    Pair c = current;
    if (p != c) {
      previous = c;
      current = p;
    }
    return p;
  }

  /**
   * The pair an alias was chosen from. A handshake chooses an alias, then asks for its chain and
   * key; a reload in between must not hand it a new certificate with the old key or the reverse.
   */
  private Pair byAlias(String alias) {
    Pair c = current;
    if (c.alias().equals(alias)) return c;
    Pair p = previous;
    return p != null && p.alias().equals(alias) ? p : null;
  }

  private static Pair load(Path certFile, Path keyFile, Instant now) {
    List<X509Certificate> chain = Pem.readCertificates(certFile);
    X509Certificate leaf = chain.get(0);
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw new TlsException("the certificate in " + certFile + " expired at " + leaf.getNotAfter().toInstant()
          + "; issue a new one with 'orchestrate tls issue'");
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw new TlsException("the certificate in " + certFile + " is not valid before " + leaf.getNotBefore().toInstant()
          + " (is this host's clock right?)");
    }
    PrivateKey key = Pem.readPrivateKey(keyFile);
    KeyMatch.require(leaf, key, certFile, keyFile);
    Identity identity;
    try {
      identity = Identity.of(leaf);
    } catch (TlsException e) {
      throw new TlsException(certFile + ": " + e.getMessage(), e);
    }
    return new Pair("orchestrate-" + LOADS.incrementAndGet(), chain.toArray(X509Certificate[]::new), key, identity);
  }

  /** Who this process is, by the certificate in use. */
  public Identity identity() {
    return pair().identity();
  }

  /** The certificate in use. */
  public X509Certificate certificate() {
    return pair().chain()[0];
  }

  /** Reads the files now (on SIGHUP, say); true if the new pair is in use, false if it was refused and logged. */
  public boolean reload() {
    return pair.reload();
  }

  private String aliasFor(String keyType) {
    Pair p = pair();
    String alg = p.key().getAlgorithm();
    // TLS 1.2 names EC server keys "EC" or "EC_EC"; TLS 1.3 asks by algorithm.
    return keyType == null || keyType.equals(alg) || keyType.startsWith(alg + "_") ? p.alias() : null;
  }

  private String aliasFor(String[] keyTypes) {
    if (keyTypes == null) return pair().alias();
    for (String t : keyTypes) {
      String a = aliasFor(t);
      if (a != null) return a;
    }
    return null;
  }

  private static String[] array(String alias) {
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return array(aliasFor(keyType));
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return array(aliasFor(keyType));
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Pair p = byAlias(alias);
    return p == null ? null : p.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Pair p = byAlias(alias);
    return p == null ? null : p.key();
  }
}
