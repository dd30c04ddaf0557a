package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which peers a port's trust manager accepts, and what it says about the others. */
class ReloadingTrustManagerTest {
  @TempDir Path cluster;
  @TempDir Path other;

  private static X509Certificate[] chain(TlsFiles f) {
    return Pem.readCertificates(f.cert()).toArray(X509Certificate[]::new);
  }

  @Test
  void acceptsTheRolesOfItsPortAndNamesTheRoleOfAnyOther() throws Exception {
    TestPki pki = new TestPki(cluster);
    ReloadingTrustManager raft = new ReloadingTrustManager(pki.dir.resolve("ca.crt"), EnumSet.of(Role.MANAGER));

    assertThat(raft.verify(chain(pki.issue(Role.MANAGER, "m1", "127.0.0.1")))).isEqualTo(new Identity(Role.MANAGER, "m1"));
    assertThatThrownBy(() -> raft.verify(chain(pki.issue(Role.WORKER, "w1"))))
        .isInstanceOf(CertificateException.class)
        .hasMessage("certificate for w1 has role worker; this port accepts manager");
    ReloadingTrustManager api = new ReloadingTrustManager(pki.dir.resolve("ca.crt"), EnumSet.of(Role.CLIENT, Role.MANAGER));
    assertThatThrownBy(() -> api.verify(chain(pki.issue(Role.WORKER, "w2"))))
        .hasMessage("certificate for w2 has role worker; this port accepts client, manager");
  }

  @Test
  void refusesACertificateOfAnotherCa() throws Exception {
    TestPki pki = new TestPki(cluster);
    TestPki stranger = new TestPki(other);
    ReloadingTrustManager tm = new ReloadingTrustManager(pki.dir.resolve("ca.crt"), EnumSet.allOf(Role.class));

    assertThatThrownBy(() -> tm.verify(chain(stranger.issue(Role.MANAGER, "m1", "127.0.0.1"))))
        .hasMessageStartingWith("certificate for m1 is not issued by this cluster's CA (its issuer is ");
  }

  @Test
  void refusesAnExpiredCertificateSayingWhen() throws Exception {
    TestPki pki = new TestPki(cluster);
    TlsFiles expired = pki.expired(Role.WORKER, "w1");
    ReloadingTrustManager tm = new ReloadingTrustManager(pki.dir.resolve("ca.crt"), EnumSet.of(Role.WORKER));

    X509Certificate[] c = chain(expired);
    assertThatThrownBy(() -> tm.verify(c))
        .hasMessage("certificate for w1 expired at " + c[0].getNotAfter().toInstant());
    assertThatThrownBy(() -> tm.checkClientTrusted(c, "EC"))
        .hasMessageStartingWith("certificate for w1 expired at");
  }

  @Test
  void aBundleOfTwoCasTrustsBoth() throws Exception {
    TestPki oldCa = new TestPki(cluster);
    TestPki newCa = new TestPki(other);
    List<X509Certificate> both = new ArrayList<>(Pem.readCertificates(oldCa.dir.resolve("ca.crt")));
    both.addAll(Pem.readCertificates(newCa.dir.resolve("ca.crt")));
    Path bundle = cluster.resolve("bundle.crt");
    Pem.writeCertificates(bundle, both);
    ReloadingTrustManager tm = new ReloadingTrustManager(bundle, EnumSet.of(Role.WORKER));

    X509Certificate[] a = chain(oldCa.issue(Role.WORKER, "w1"));
    X509Certificate[] b = chain(newCa.issue(Role.WORKER, "w2"));
    tm.checkClientTrusted(a, "EC");
    tm.checkClientTrusted(b, "EC");
    assertThat(tm.getAcceptedIssuers()).hasSize(2);
  }

  /**
   * {@code orchestrate tls init} names every CA "orchestrate CA" unless told otherwise, so during a
   * rotation the bundle may hold two CAs with the same subject: each certificate must still be
   * matched to the CA whose key signed it, by the first check and by the JDK's path check alike.
   */
  @Test
  void aBundleOfTwoCasWithTheSameNameTrustsBothAndNoStranger() throws Exception {
    Instant now = Instant.now();
    CertificateAuthority oldCa = CertificateAuthority.create(CertificateAuthority.DEFAULT_NAME, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
    CertificateAuthority newCa = CertificateAuthority.create(CertificateAuthority.DEFAULT_NAME, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
    CertificateAuthority stranger = CertificateAuthority.create(CertificateAuthority.DEFAULT_NAME, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
    assertThat(newCa.certificate().getSubjectX500Principal()).isEqualTo(oldCa.certificate().getSubjectX500Principal());
    Path bundle = cluster.resolve("bundle.crt");
    Pem.writeCertificates(bundle, List.of(oldCa.certificate(), newCa.certificate()));
    ReloadingTrustManager tm = new ReloadingTrustManager(bundle, EnumSet.of(Role.WORKER, Role.MANAGER));

    for (CertificateAuthority ca : List.of(oldCa, newCa)) {
      X509Certificate[] worker = {ca.issue(Role.WORKER, "w1", List.of(), Duration.ofDays(1), now).certificate()};
      X509Certificate[] manager = {ca.issue(Role.MANAGER, "m1", List.of("127.0.0.1"), Duration.ofDays(1), now).certificate()};
      tm.checkClientTrusted(worker, "EC");
      tm.checkServerTrusted(manager, "ECDHE_ECDSA");
    }
    X509Certificate[] forged = {stranger.issue(Role.WORKER, "w1", List.of(), Duration.ofDays(1), now).certificate()};
    assertThatThrownBy(() -> tm.checkClientTrusted(forged, "EC"))
        .as("same issuer name, another key").hasMessageStartingWith("certificate for w1 is not issued by this cluster's CA");
  }

  @Test
  void aRewrittenCaFileIsReadAgainAndABrokenOneKeepsTheOld() throws Exception {
    TestPki oldCa = new TestPki(cluster);
    TestPki newCa = new TestPki(other);
    Path caFile = cluster.resolve("trusted.crt");
    Files.copy(oldCa.dir.resolve("ca.crt"), caFile);
    AtomicLong nanos = new AtomicLong();
    ReloadingTrustManager tm = new ReloadingTrustManager(caFile, EnumSet.of(Role.WORKER), Clock.systemUTC(), Duration.ofSeconds(1), nanos::get);
    X509Certificate[] fromNew = chain(newCa.issue(Role.WORKER, "w2"));
    X509Certificate[] fromOld = chain(oldCa.issue(Role.WORKER, "w1"));

    Pem.writeCertificates(caFile, Pem.readCertificates(newCa.dir.resolve("ca.crt")));
    assertThatThrownBy(() -> tm.verify(fromNew)).as("not looked at again within the interval").hasMessageContaining("not issued");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(tm.verify(fromNew).name()).isEqualTo("w2");
    assertThatThrownBy(() -> tm.verify(fromOld)).hasMessageContaining("not issued");

    Files.writeString(caFile, "not a certificate");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(tm.verify(fromNew).name()).as("the previous bundle is kept").isEqualTo("w2");
    assertThat(tm.reload()).isFalse();
  }

  @Test
  void aBundleHoldingALeafCertificateIsRefusedAtStart() {
    TestPki pki = new TestPki(cluster);
    TlsFiles w1 = pki.issue(Role.WORKER, "w1");

    assertThatThrownBy(() -> new ReloadingTrustManager(w1.cert(), Set.of(Role.WORKER)))
        .isInstanceOf(TlsException.class).hasMessageContaining("holds a certificate that is not a CA");
  }
}
