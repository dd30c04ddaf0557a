package io.orchestrate.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@code orchestrate tls inspect} shows of a certificate. {@code role} is {@code ca} for a CA
 * certificate and {@code null} for a certificate that carries no orchestrate identity; {@code
 * daysLeft} is negative once it has expired.
 */
public record CertificateInfo(
    String role,
    String name,
    List<String> hosts,
    String subject,
    String issuer,
    String serial,
    Instant notBefore,
    Instant notAfter,
    long daysLeft,
    boolean expired,
    boolean notYetValid,
    String sha256) {

  public static CertificateInfo of(X509Certificate cert, Instant now) {
    String role;
    String name;
    if (cert.getBasicConstraints() >= 0) {
      role = "ca";
      name = cert.getSubjectX500Principal().getName();
    } else {
      Identity id = identityOrNull(cert);
      role = id == null ? null : id.role().wire();
      name = id == null ? null : id.name();
    }
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    return new CertificateInfo(
        role,
        name,
        hosts(cert),
        cert.getSubjectX500Principal().getName(),
        cert.getIssuerX500Principal().getName(),
        cert.getSerialNumber().toString(16),
        notBefore,
        notAfter,
        Math.floorDiv(Duration.between(now, notAfter).toSeconds(), Duration.ofDays(1).toSeconds()),
        !now.isBefore(notAfter),
        now.isBefore(notBefore),
        fingerprint(cert));
  }

  /** The SHA-256 of the certificate's DER encoding, as colon-separated upper-case hex (as openssl prints it). */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new TlsException("cannot hash a certificate: " + e.getMessage(), e);
    }
  }

  /** The DNS names and IP addresses in the certificate's SubjectAltName, in order. */
  public static List<String> hosts(X509Certificate cert) {
    List<String> hosts = new ArrayList<>();
    try {
      var alt = cert.getSubjectAlternativeNames();
      if (alt == null) return hosts;
      for (List<?> entry : alt) {
        int type = (Integer) entry.get(0);
        // 2: dNSName, 7: iPAddress (RFC 5280); the JDK gives both as strings.
        if (type == 2 || type == 7) hosts.add(String.valueOf(entry.get(1)));
      }
    } catch (CertificateParsingException e) {
      throw new TlsException("cannot read the SubjectAltName of " + cert.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
    }
    return hosts;
  }

  private static Identity identityOrNull(X509Certificate cert) {
    try {
      return Identity.of(cert);
    } catch (TlsException e) {
      return null;
    }
  }
}
