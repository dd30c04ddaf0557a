package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as this project writes them and as openssl writes them, read back to the same keys and certificates. */
class PemTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void aBundleOfCertificatesReadsBackInOrderAcrossCommentsBetweenBlocks() throws IOException {
    CertificateAuthority a = CertificateAuthority.create("ca-a", NOW, NOW.plus(Duration.ofDays(1)));
    CertificateAuthority b = CertificateAuthority.create("ca-b", NOW, NOW.plus(Duration.ofDays(1)));
    Path file = dir.resolve("bundle.crt");
    Pem.writeCertificates(file, List.of(a.certificate(), b.certificate()));
    assertThat(Pem.readCertificates(file)).containsExactly(a.certificate(), b.certificate());

    // openssl x509 -text and hand-made bundles put text around the blocks.
    Files.writeString(file, "subject=CN = ca-a\n" + Files.readString(file).replace("-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\n# next\n"));
    assertThat(Pem.readCertificates(file)).containsExactly(a.certificate(), b.certificate());
  }

  @Test
  void pkcs8KeysOfEachAlgorithmReadBackAsWritten() throws Exception {
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      PrivateKey key = generate(algorithm).getPrivate();
      Path file = dir.resolve(algorithm + ".key");
      Pem.writePrivateKey(file, key);
      assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
      assertThat(Pem.readPrivateKey(file).getEncoded()).as(algorithm).isEqualTo(key.getEncoded());
    }
  }

  @Test
  void sec1AndPkcs1KeysAsOpensslWritesThemAreRead() throws Exception {
    // openssl ecparam -genkey: SEC1 with the curve named inside, as X9.62 parameters.
    KeyPair ec = generate("EC");
    java.security.interfaces.ECPrivateKey s = (java.security.interfaces.ECPrivateKey) ec.getPrivate();
    byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, s.getS(),
        new org.bouncycastle.asn1.x9.X962Parameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1)).getEncoded();
    Path ecFile = dir.resolve("ec-legacy.key");
    Files.writeString(ecFile, "-----BEGIN EC PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(sec1) + "\n-----END EC PRIVATE KEY-----\n");
    assertThat(((java.security.interfaces.ECPrivateKey) Pem.readPrivateKey(ecFile)).getS()).isEqualTo(s.getS());

    // openssl genrsa (1.x) and ssh-keygen -m PEM: PKCS#1.
    KeyPair rsa = generate("RSA");
    StringWriter text = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(text)) {
      w.writeObject(rsa);
    }
    Path rsaFile = dir.resolve("rsa-legacy.key");
    Files.writeString(rsaFile, text.toString());
    assertThat(Files.readString(rsaFile)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Pem.readPrivateKey(rsaFile).getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
  }

  @Test
  void filesWithoutWhatIsAskedForAreRefusedNamingTheFile() throws IOException {
    Path key = dir.resolve("only.key");
    Pem.writePrivateKey(key, generate("EC").getPrivate());
    assertThatThrownBy(() -> Pem.readCertificates(key)).isInstanceOf(TlsException.class).hasMessageContaining(key + " holds no PEM certificate");

    Path cert = dir.resolve("only.crt");
    Pem.writeCertificates(cert, List.of(CertificateAuthority.create("ca", NOW, NOW.plus(Duration.ofDays(1))).certificate()));
    assertThatThrownBy(() -> Pem.readPrivateKey(cert)).isInstanceOf(TlsException.class).hasMessageContaining(cert + " holds no unencrypted PEM private key");

    Path encrypted = dir.resolve("encrypted.key");
    Files.writeString(encrypted, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> Pem.readPrivateKey(encrypted)).isInstanceOf(TlsException.class)
        .hasMessageContaining(encrypted.toString()).hasMessageContaining("encrypted");

    Path cut = dir.resolve("cut.crt");
    Files.writeString(cut, Files.readString(cert).substring(0, 80));
    assertThatThrownBy(() -> Pem.readCertificates(cut)).isInstanceOf(TlsException.class).hasMessageContaining(cut.toString());
  }

  private static KeyPair generate(String algorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("RSA")) g.initialize(2048);
      if (algorithm.equals("EC")) g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
