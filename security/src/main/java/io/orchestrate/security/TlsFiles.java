package io.orchestrate.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The three files a process needs for mutual TLS: the CA bundle it trusts (one or more CA
 * certificates in PEM), its own certificate and its private key.
 */
public record TlsFiles(Path ca, Path cert, Path key) {
  public TlsFiles {
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(key, "key");
  }

  /**
   * TLS files from three optional settings: all three given turn TLS on, none leaves it off, and
   * some but not all is an {@link IllegalArgumentException} naming the missing ones by the names the
   * caller uses for them (flags such as {@code --cert}, or config keys).
   */
  public static Optional<TlsFiles> allOrNone(Path ca, Path cert, Path key, String caName, String certName, String keyName) {
    if (ca == null && cert == null && key == null) return Optional.empty();
    List<String> missing = new ArrayList<>();
    if (ca == null) missing.add(caName);
    if (cert == null) missing.add(certName);
    if (key == null) missing.add(keyName);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("TLS needs " + caName + ", " + certName + " and " + keyName
          + " together; missing " + String.join(" and ", missing));
    }
    return Optional.of(new TlsFiles(ca, cert, key));
  }
}
