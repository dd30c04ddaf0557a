package io.orchestrate.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Private keys in the forms before PKCS#8: SEC1 ("EC PRIVATE KEY", as {@code openssl ecparam
 * -genkey} writes it, the public part possibly absent) and PKCS#1 ("RSA PRIVATE KEY"). The JDK
 * reads neither, so Bouncy Castle does; kept apart from {@link Pem} so that reading the usual
 * PKCS#8 key never loads it.
 */
final class LegacyKeys {
  private LegacyKeys() {}

  static PrivateKey read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
        if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    }
    throw new TlsException(file + " holds no unencrypted PEM private key");
  }
}
