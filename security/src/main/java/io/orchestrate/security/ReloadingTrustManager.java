package io.orchestrate.security;

import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer whose certificate the cluster CA issued for one of the roles a port accepts. The
 * CA file may hold several CA certificates (a bundle, while the CA is being rotated) and is read
 * again when it changes (see {@link WatchedFiles}).
 *
 * <p>The checks run in an order that gives the operator the useful reason: issued by a CA of the
 * bundle ("not issued by this cluster's CA"), valid now ("expired at ..."), the role ("has role
 * worker; this port accepts manager"). Then the JDK's PKIX trust manager over the same bundle
 * (revocation off: the cluster keeps no revocation list, certificates are short-lived instead)
 * checks the whole path, the key usages for the side of the connection, and on a client the host
 * name the connection was made to, when the engine asks for endpoint identification.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private record Bundle(List<X509Certificate> cas, X509ExtendedTrustManager pkix) {}

  private final WatchedFiles<Bundle> bundle;
  private final Set<Role> accepted;
  private final Clock clock;

  public ReloadingTrustManager(Path caFile, Set<Role> accepted) {
    this(caFile, accepted, Clock.systemUTC(), Duration.ofSeconds(1), System::nanoTime);
  }

  ReloadingTrustManager(Path caFile, Set<Role> accepted, Clock clock, Duration checkEvery, LongSupplier nanoTime) {
    if (accepted.isEmpty()) throw new IllegalArgumentException("a trust manager must accept at least one role");
    this.accepted = Set.copyOf(EnumSet.copyOf(accepted));
    this.clock = clock;
    this.bundle = new WatchedFiles<>("CA bundle " + caFile, List.of(caFile), files -> load(files.get(0)), checkEvery, nanoTime);
  }

  private static Bundle load(Path caFile) {
    List<X509Certificate> cas = Pem.readCertificates(caFile);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : cas) {
        if (ca.getBasicConstraints() < 0) {
          throw new TlsException(caFile + " holds a certificate that is not a CA: " + ca.getSubjectX500Principal().getName());
        }
        store.setCertificateEntry("ca-" + i++, ca);
      }
      PKIXBuilderParameters params = new PKIXBuilderParameters(store, new X509CertSelector());
      params.setRevocationEnabled(false);
      TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
      f.init(new CertPathTrustManagerParameters(params));
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) return new Bundle(List.copyOf(cas), x);
      }
      throw new TlsException("this JDK has no PKIX X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsException("cannot use the CA bundle " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** The roles this trust manager accepts. */
  public Set<Role> accepted() {
    return accepted;
  }

  /** Reads the CA file now; true if the new bundle is in use, false if it was refused and logged. */
  public boolean reload() {
    return bundle.reload();
  }

  /**
   * The identity of a peer whose chain this trust manager accepts, or a {@link
   * CertificateException} saying why not. The checks of a handshake without the JDK's path check.
   */
  public Identity verify(X509Certificate[] chain) throws CertificateException {
    return precheck(chain, bundle.get());
  }

  private Identity precheck(X509Certificate[] chain, Bundle b) throws CertificateException {
    if (chain == null || chain.length == 0) throw new CertificateException("the peer sent no certificate");
    X509Certificate leaf = chain[0];
    String who = commonName(leaf);
    boolean issued = b.cas().stream()
        .anyMatch(ca -> ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
            && CertificateAuthority.signedBy(leaf, ca.getPublicKey()));
    if (!issued) {
      throw new CertificateException("certificate for " + who + " is not issued by this cluster's CA (its issuer is "
          + leaf.getIssuerX500Principal().getName() + ")");
    }
    Instant now = clock.instant();
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw new CertificateException("certificate for " + who + " expired at " + leaf.getNotAfter().toInstant());
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw new CertificateException("certificate for " + who + " is not valid before " + leaf.getNotBefore().toInstant());
    }
    Identity id;
    try {
      id = Identity.of(leaf);
    } catch (TlsException e) {
      throw new CertificateException(e.getMessage(), e);
    }
    if (!accepted.contains(id.role())) {
      throw new CertificateException("certificate for " + id.name() + " has role " + id.role().wire()
          + "; this port accepts " + accepted.stream().map(Role::wire).sorted().collect(Collectors.joining(", ")));
    }
    return id;
  }

  private static String commonName(X509Certificate cert) {
    try {
      return Identity.of(cert).name();
    } catch (TlsException e) {
      return "'" + cert.getSubjectX500Principal().getName() + "'";
    }
  }

  private interface PkixCheck {
    void run(X509ExtendedTrustManager pkix) throws CertificateException;
  }

  private void check(X509Certificate[] chain, PkixCheck pkix) throws CertificateException {
    Bundle b = bundle.get();
    Identity id = precheck(chain, b);
    try {
      pkix.run(b.pkix());
    } catch (CertificateException e) {
      throw new CertificateException("certificate for " + id.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, p -> p.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain, p -> p.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain, p -> p.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, p -> p.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain, p -> p.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain, p -> p.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return bundle.get().cas().toArray(X509Certificate[]::new);
  }
}
