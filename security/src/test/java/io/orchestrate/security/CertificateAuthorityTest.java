package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating the cluster CA and issuing certificates: files, fields and refusals. */
class CertificateAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  @TempDir Path dir;

  @Test
  void initWritesACaWithAPrivateKeyFileAndLoadsItBack() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test CA", Duration.ofDays(3650), NOW);

    assertThat(Files.getPosixFilePermissions(dir.resolve("ca.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    X509Certificate cert = Pem.readCertificates(dir.resolve("ca.crt")).get(0);
    assertThat(cert).isEqualTo(ca.certificate());
    assertThat(cert.getBasicConstraints()).as("a CA that signs leaves only").isZero();
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=test CA,O=orchestrate");
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(CertificateAuthority.load(dir).certificate()).isEqualTo(cert);
  }

  @Test
  void initRefusesToOverwriteAnExistingCa() throws Exception {
    CertificateAuthority.init(dir, "first", Duration.ofDays(10), NOW);
    String before = Files.readString(dir.resolve("ca.crt"));

    assertThatThrownBy(() -> CertificateAuthority.init(dir, "second", Duration.ofDays(10), NOW))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("ca.crt already exists: refusing to overwrite the cluster CA");
    assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(before);
  }

  @Test
  void aManagerCertificateCarriesRoleNameHostsAndBothKeyUsages() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test CA", Duration.ofDays(10), NOW);

    TlsFiles files = ca.issue(Role.MANAGER, "m1", List.of("m1.example.com", "10.0.0.1", "::1"), Duration.ofDays(90), NOW).writeTo(dir);

    assertThat(files).isEqualTo(new TlsFiles(dir.resolve("ca.crt"), dir.resolve("m1.crt"), dir.resolve("m1.key")));
    assertThat(Files.getPosixFilePermissions(files.key())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    X509Certificate cert = Pem.readCertificates(files.cert()).get(0);
    assertThat(Identity.of(cert)).isEqualTo(new Identity(Role.MANAGER, "m1"));
    assertThat(CertificateInfo.hosts(cert)).containsExactly("m1.example.com", "10.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(cert.getNotBefore().toInstant()).as("back-dated for clock skew").isBefore(NOW);
    assertThat(CertificateAuthority.signedBy(cert, ca.certificate().getPublicKey())).isTrue();
    KeyMatch.require(cert, Pem.readPrivateKey(files.key()), files.cert(), files.key());
  }

  @Test
  void workersAndClientsOnlyAuthenticateAsClients() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA", NOW, NOW.plus(Duration.ofDays(10)));

    X509Certificate worker = ca.issue(Role.WORKER, "w-1.a_b", List.of(), Duration.ofDays(1), NOW).certificate();
    X509Certificate client = ca.issue(Role.CLIENT, "alice", null, Duration.ofDays(1), NOW).certificate();

    assertThat(Identity.of(worker)).isEqualTo(new Identity(Role.WORKER, "w-1.a_b"));
    assertThat(worker.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(CertificateInfo.hosts(worker)).isEmpty();
    assertThat(Identity.of(client)).isEqualTo(new Identity(Role.CLIENT, "alice"));
    assertThat(client.getSerialNumber()).isNotEqualTo(worker.getSerialNumber());
  }

  @Test
  void badNamesHostsAndAManagerWithoutHostAreRefusedNamingTheField() {
    CertificateAuthority ca = CertificateAuthority.create("test CA", NOW, NOW.plus(Duration.ofDays(10)));

    assertThatThrownBy(() -> ca.issue(Role.WORKER, "../w1", List.of(), Duration.ofDays(1), NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name must match").hasMessageContaining("'../w1'");
    assertThatThrownBy(() -> ca.issue(Role.WORKER, "a..b", List.of(), Duration.ofDays(1), NOW))
        .hasMessageStartingWith("name must match");
    assertThatThrownBy(() -> ca.issue(Role.MANAGER, "m1", List.of("bad host"), Duration.ofDays(1), NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("host 'bad host' is neither a DNS name nor an IP address");
    assertThatThrownBy(() -> ca.issue(Role.MANAGER, "m1", List.of(), Duration.ofDays(1), NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("host is required for a manager certificate");
    assertThatThrownBy(() -> Role.parse("admin"))
        .hasMessage("role must be one of manager, worker, client (was 'admin')");
  }

  @Test
  void loadRefusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
    CertificateAuthority.init(dir, "test CA", Duration.ofDays(10), NOW);
    Pem.writePrivateKey(dir.resolve("ca.key"), CertificateAuthority.newKeyPair().getPrivate());

    assertThatThrownBy(() -> CertificateAuthority.load(dir))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("ca.key does not belong to the certificate in").hasMessageContaining("ca.crt");
  }

  @Test
  void loadFromAnEmptyDirectorySaysHowToCreateTheCa() {
    assertThatThrownBy(() -> CertificateAuthority.load(dir))
        .isInstanceOf(TlsException.class).hasMessageContaining("orchestrate tls init");
  }

  @Test
  void inspectionReportsDaysLeftExpiryAndTheOpensslFingerprint() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA", NOW, NOW.plus(Duration.ofDays(10)));
    X509Certificate cert = ca.issue(Role.WORKER, "w1", List.of(), Duration.ofDays(90), NOW).certificate();

    CertificateInfo fresh = CertificateInfo.of(cert, NOW.plus(Duration.ofHours(36)));
    CertificateInfo late = CertificateInfo.of(cert, NOW.plus(Duration.ofDays(91)));

    assertThat(fresh.role()).isEqualTo("worker");
    assertThat(fresh.name()).isEqualTo("w1");
    assertThat(fresh.daysLeft()).isEqualTo(88);
    assertThat(fresh.expired()).isFalse();
    assertThat(late.expired()).isTrue();
    assertThat(late.daysLeft()).isEqualTo(-1);
    assertThat(fresh.sha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(CertificateInfo.of(ca.certificate(), NOW).role()).isEqualTo("ca");
  }
}
