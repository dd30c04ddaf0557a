package io.orchestrate.security;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A certificate the cluster CA issued and its new private key, not yet written anywhere. */
public record IssuedCertificate(Identity identity, X509Certificate certificate, PrivateKey key) {
  /**
   * Writes {@code NAME.key} (mode 0600) and then {@code NAME.crt} to {@code dir}, each replaced
   * atomically, and returns where: re-issuing for the same name is how a certificate is renewed,
   * and a process using the files picks the new pair up.
   */
  public TlsFiles writeTo(Path dir, Path ca) {
    Path key = dir.resolve(identity.name() + ".key");
    Path cert = dir.resolve(identity.name() + ".crt");
    Pem.writePrivateKey(key, this.key);
    Pem.writeCertificates(cert, List.of(certificate));
    return new TlsFiles(ca, cert, key);
  }

  /** Writes the pair into {@code dir} beside the CA files that issued it. */
  public TlsFiles writeTo(Path dir) {
    return writeTo(dir, dir.resolve(CertificateAuthority.CERT_FILE));
  }
}
