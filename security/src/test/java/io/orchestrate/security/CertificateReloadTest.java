package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path a SIGHUP takes: the files are read at once, and the answer names the new expiry. */
class CertificateReloadTest {
  @TempDir Path dir;

  @Test
  void aRenewedCertificateIsInUseRightAfterTheReloadWithItsNewExpiry() {
    TestPki pki = new TestPki(dir);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TlsFiles files = pki.ca.issue(Role.MANAGER, "m1", List.of("127.0.0.1"), now, now.plus(Duration.ofDays(1))).writeTo(dir);
    // Checked once an hour: only reload() can make the new files count within this test.
    TlsMaterial tls = TlsMaterial.load(files, java.time.Clock.systemUTC(), Duration.ofHours(1), System::nanoTime);
    assertThat(CertificateReload.describe(tls)).contains("expires " + now.plus(Duration.ofDays(1)));

    Instant renewedUntil = now.plus(Duration.ofDays(90));
    pki.ca.issue(Role.MANAGER, "m1", List.of("127.0.0.1"), now, renewedUntil).writeTo(dir);
    assertThat(tls.keyManager().certificate().getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(1)));

    String said = CertificateReload.reload(tls);

    assertThat(said).startsWith("reloaded certificate " + files.cert()).contains("manager m1", "expires " + renewedUntil,
        "CA bundle " + files.ca(), "1 CA,");
    assertThat(tls.keyManager().certificate().getNotAfter().toInstant()).isEqualTo(renewedUntil);
  }

  @Test
  void aBrokenFileKeepsThePreviousCertificateAndSaysSo() throws Exception {
    TestPki pki = new TestPki(dir);
    TlsFiles files = pki.issue(Role.WORKER, "w1");
    TlsMaterial tls = TlsMaterial.load(files, java.time.Clock.systemUTC(), Duration.ofHours(1), System::nanoTime);
    Instant before = tls.keyManager().certificate().getNotAfter().toInstant();
    Files.writeString(files.cert(), "not a certificate");

    String said = CertificateReload.reload(tls);

    assertThat(said).startsWith("kept the previous material").contains("worker w1", "expires " + before);
    assertThat(tls.keyManager().certificate().getNotAfter().toInstant()).isEqualTo(before);
  }

  @Test
  void aBundleOfTwoCasIsCounted() throws Exception {
    TestPki pki = new TestPki(dir);
    TlsFiles files = pki.issue(Role.CLIENT, "alice");
    TlsMaterial tls = TlsMaterial.load(files, java.time.Clock.systemUTC(), Duration.ofHours(1), System::nanoTime);
    CertificateAuthority next = CertificateAuthority.create("next CA", Instant.now(), Instant.now().plus(Duration.ofDays(10)));
    Pem.writeCertificates(files.ca(), List.of(pki.ca.certificate(), next.certificate()));

    assertThat(CertificateReload.reload(tls)).startsWith("reloaded").contains("2 CAs");
  }
}
