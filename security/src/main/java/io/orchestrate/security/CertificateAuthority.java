package io.orchestrate.security;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster CA: an EC P-256 key and a self-signed certificate that sign every manager, worker and
 * client certificate. Kept as {@code ca.crt} and {@code ca.key} in a directory; {@link #init} never
 * overwrites an existing CA, since every certificate issued by it would stop being trusted.
 * Signing uses the JDK's own providers; Bouncy Castle only builds and encodes the certificates.
 */
public final class CertificateAuthority {
  public static final String CERT_FILE = "ca.crt";
  public static final String KEY_FILE = "ca.key";
  public static final String DEFAULT_NAME = "orchestrate CA";
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(90);
  /** Certificates start this long before they are issued, so a peer whose clock is a little behind accepts them. */
  static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** A new CA in memory, valid from {@code notBefore} to {@code notAfter}. */
  public static CertificateAuthority create(String name, Instant notBefore, Instant notAfter) {
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new IllegalArgumentException("CA name must be 1 to 64 characters (was '" + name + "')");
    }
    requireOrder(notBefore, notAfter);
    KeyPair pair = newKeyPair();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, Identity.ORGANIZATION)
        .addRDN(BCStyle.CN, name)
        .build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          subject, serial(), Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic())
          // Path length 0: the CA signs leaf certificates only, never another CA.
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority(sign(b, pair.getPrivate()), pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new TlsException("cannot create a CA certificate: " + e.getMessage(), e);
    }
  }

  /** Creates a CA valid for {@code validity} from {@code now} and writes it to {@code dir}, refusing to overwrite one. */
  public static CertificateAuthority init(Path dir, String name, Duration validity, Instant now) {
    Pem.requireAbsent(dir.resolve(CERT_FILE), "the cluster CA");
    Pem.requireAbsent(dir.resolve(KEY_FILE), "the cluster CA");
    CertificateAuthority ca = create(name, now.minus(BACKDATE), now.plus(validity));
    ca.writeTo(dir);
    return ca;
  }

  /** The CA in {@code dir}: the first certificate of {@code ca.crt} and the key in {@code ca.key}, which must match. */
  public static CertificateAuthority load(Path dir) {
    Path certFile = dir.resolve(CERT_FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    if (!certFile.toFile().exists() || !keyFile.toFile().exists()) {
      throw new TlsException("no CA in " + dir + ": " + CERT_FILE + " and " + KEY_FILE + " are needed (create them with 'orchestrate tls init')");
    }
    X509Certificate cert = Pem.readCertificates(certFile).get(0);
    PrivateKey key = Pem.readPrivateKey(keyFile);
    KeyMatch.require(cert, key, certFile, keyFile);
    if (cert.getBasicConstraints() < 0) throw new TlsException(certFile + " is not a CA certificate");
    return new CertificateAuthority(cert, key);
  }

  /** Writes {@code ca.key} (mode 0600) and {@code ca.crt} to {@code dir}. */
  public void writeTo(Path dir) {
    Pem.writePrivateKey(dir.resolve(KEY_FILE), key);
    Pem.writeCertificates(dir.resolve(CERT_FILE), List.of(certificate));
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A certificate for {@code name} in {@code role}, valid for {@code validity} from {@code now}. */
  public IssuedCertificate issue(Role role, String name, List<String> hosts, Duration validity, Instant now) {
    return issue(role, name, hosts, now.minus(BACKDATE), now.plus(validity));
  }

  /**
   * A certificate for {@code name} in {@code role} with a new key. Managers are servers on every
   * port and Raft clients of each other, so theirs carry both serverAuth and clientAuth and need
   * at least one host (peers verify it); workers and clients only connect, with clientAuth.
   */
  public IssuedCertificate issue(Role role, String name, List<String> hosts, Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(role, "role");
    if (!Names.isName(name)) throw new IllegalArgumentException("name " + Names.rule() + " (was '" + name + "')");
    List<String> h = hosts == null ? List.of() : List.copyOf(hosts);
    for (String host : h) {
      if (!Names.isHost(host)) throw new IllegalArgumentException("host '" + host + "' is neither a DNS name nor an IP address");
    }
    if (role == Role.MANAGER && h.isEmpty()) {
      throw new IllegalArgumentException("host is required for a manager certificate: workers, clients and other managers verify"
          + " the host they dial against it (give the manager's DNS names and IP addresses)");
    }
    requireOrder(notBefore, notAfter);
    KeyPair pair = newKeyPair();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        // Most significant first, as DNs are encoded: printed (RFC 2253) as CN=name,OU=role,O=orchestrate.
        .addRDN(BCStyle.O, Identity.ORGANIZATION)
        .addRDN(BCStyle.OU, role.wire())
        .addRDN(BCStyle.CN, name)
        .build();
    KeyPurposeId[] purposes = role == Role.MANAGER
        ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
        : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          certificate, serial(), Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      if (!h.isEmpty()) b.addExtension(Extension.subjectAlternativeName, false, altNames(h));
      return new IssuedCertificate(new Identity(role, name), sign(b, key), pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new TlsException("cannot issue a certificate for " + name + ": " + e.getMessage(), e);
    }
  }

  private static GeneralNames altNames(List<String> hosts) {
    List<GeneralName> names = new ArrayList<>();
    for (String host : hosts) {
      names.add(new GeneralName(Names.isIp(host) ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
    try {
      ContentSigner s = new JcaContentSignerBuilder(SIGNATURE).build(signer);
      return new JcaX509CertificateConverter().getCertificate(b.build(s));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new TlsException("this JDK cannot generate EC P-256 keys: " + e.getMessage(), e);
    }
  }

  /** 127 random bits: unique without bookkeeping, positive and within the 20 octets RFC 5280 allows. */
  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static void requireOrder(Instant notBefore, Instant notAfter) {
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("validity must be positive (not before " + notBefore + ", not after " + notAfter + ")");
    }
  }

  /** Whether {@code cert} was signed by {@code issuer}'s key. */
  static boolean signedBy(X509Certificate cert, PublicKey issuer) {
    try {
      cert.verify(issuer);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
