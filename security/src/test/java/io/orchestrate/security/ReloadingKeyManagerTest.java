package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process's own certificate: checked when loaded, and read again when its files change. */
class ReloadingKeyManagerTest {
  @TempDir Path dir;

  @Test
  void aRewrittenCertificateIsPickedUpOnUseAfterTheInterval() {
    TestPki pki = new TestPki(dir);
    TlsFiles first = pki.issue(Role.WORKER, "w1");
    AtomicLong nanos = new AtomicLong();
    ReloadingKeyManager km = new ReloadingKeyManager(first.cert(), first.key(), Clock.systemUTC(), Duration.ofSeconds(1), nanos::get);
    String alias = km.chooseEngineClientAlias(new String[] {"EC"}, null, null);
    var before = km.certificate();

    pki.issue(Role.WORKER, "w1");
    assertThat(km.certificate()).as("within the interval").isEqualTo(before);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(km.certificate()).isNotEqualTo(before);
    assertThat(km.certificate()).isEqualTo(Pem.readCertificates(first.cert()).get(0));
    String next = km.chooseEngineClientAlias(new String[] {"EC"}, null, null);
    assertThat(next).isNotEqualTo(alias);
    assertThat(km.getCertificateChain(alias)[0]).as("a handshake that chose before the reload keeps its pair").isEqualTo(before);
    assertThat(km.getCertificateChain(next)[0]).isEqualTo(km.certificate());
  }

  @Test
  void aFailedReloadKeepsThePreviousPair() throws Exception {
    TestPki pki = new TestPki(dir);
    TlsFiles files = pki.issue(Role.WORKER, "w1");
    ReloadingKeyManager km = new ReloadingKeyManager(files.cert(), files.key());
    var before = km.certificate();

    Pem.writePrivateKey(files.key(), CertificateAuthority.newKeyPair().getPrivate());
    assertThat(km.reload()).as("a key of another pair").isFalse();
    Files.writeString(files.cert(), "garbage");
    assertThat(km.reload()).isFalse();

    assertThat(km.certificate()).isEqualTo(before);
    assertThat(km.identity()).isEqualTo(new Identity(Role.WORKER, "w1"));
  }

  @Test
  void anExpiredOwnCertificateFailsNamingTheFile() {
    TestPki pki = new TestPki(dir);
    TlsFiles expired = pki.expired(Role.MANAGER, "m1", "localhost");

    assertThatThrownBy(() -> TlsMaterial.load(expired))
        .isInstanceOf(TlsException.class)
        .hasMessageStartingWith("the certificate in " + expired.cert() + " expired at")
        .hasMessageContaining("orchestrate tls issue");
  }

  @Test
  void aKeyOfAnotherCertificateFailsNamingBothFiles() {
    TestPki pki = new TestPki(dir);
    TlsFiles a = pki.issue(Role.WORKER, "w1");
    TlsFiles b = pki.issue(Role.WORKER, "w2");

    assertThatThrownBy(() -> TlsMaterial.load(new TlsFiles(a.ca(), a.cert(), b.key())))
        .isInstanceOf(TlsException.class)
        .hasMessage("the key in " + b.key() + " does not belong to the certificate in " + a.cert());
  }

  @Test
  void someButNotAllFilesIsAnErrorNamingTheMissingOnes() {
    assertThat(TlsFiles.allOrNone(null, null, null, "--ca", "--cert", "--key")).isEmpty();
    assertThatThrownBy(() -> TlsFiles.allOrNone(Path.of("ca.crt"), null, null, "--ca", "--cert", "--key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS needs --ca, --cert and --key together; missing --cert and --key");
  }
}
