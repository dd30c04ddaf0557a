package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Reading who a certificate names from subjects this project did not write. */
class IdentityTest {
  @Test
  void theRoleAndNameAreReadWhateverElseTheSubjectCarries() {
    assertThat(Identity.of(cert("C=DE, O=orchestrate, OU=worker, CN=w-1.a_b"))).isEqualTo(new Identity(Role.WORKER, "w-1.a_b"));
    assertThat(Identity.of(cert("CN=alice,OU=client,O=orchestrate,L=Berlin"))).isEqualTo(new Identity(Role.CLIENT, "alice"));
  }

  @Test
  void subjectsThatDoNotNameExactlyOneRoleAndNameAreRefused() {
    for (String subject : new String[] {
        "CN=m1, OU=manager, O=other",          // another organisation
        "CN=m1, O=orchestrate",                // no role
        "CN=m1, CN=m2, OU=manager, O=orchestrate", // two names
        "CN=m1+OU=manager, O=orchestrate"}) {  // name and role in one multi-valued RDN
      assertThatThrownBy(() -> Identity.of(cert(subject))).as(subject).isInstanceOf(TlsException.class)
          .hasMessageContaining("is not an orchestrate identity");
    }
    // An escaped comma comes back as a comma, which no name may hold.
    assertThatThrownBy(() -> Identity.of(cert("CN=a\\,b, OU=manager, O=orchestrate"))).isInstanceOf(TlsException.class)
        .hasMessageContaining("certificate for a,b");
    assertThatThrownBy(() -> Identity.of(cert("CN=m1, OU=janitor, O=orchestrate"))).isInstanceOf(TlsException.class)
        .hasMessageContaining("janitor");
  }

  private static X509Certificate cert(String subject) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      KeyPair pair = g.generateKeyPair();
      X500Name name = new X500Name(subject);
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
          Date.from(now), Date.from(now.plusSeconds(3600)), name, pair.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
