package io.orchestrate.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Whether a private key belongs to a certificate: a signature made with one must verify with the other. */
final class KeyMatch {
  private static final byte[] PROBE = "orchestrate key check".getBytes(StandardCharsets.US_ASCII);

  private KeyMatch() {}

  static void require(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
    String alg = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new TlsException(keyFile + " holds a " + key.getAlgorithm() + " key, which is not supported");
    };
    try {
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(PROBE);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(PROBE);
      if (v.verify(sig)) return;
    } catch (GeneralSecurityException e) {
      // A key of another type than the certificate's lands here too: the same answer below.
    }
    throw new TlsException("the key in " + keyFile + " does not belong to the certificate in " + certFile);
  }
}
