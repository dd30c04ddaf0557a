package io.orchestrate.manager.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Token secrets and what the replicated state keeps of them.
 *
 * <p>A secret is 256 bits from a cryptographic random source, and the state keeps its plain
 * SHA-256. A slow, salted password hash (bcrypt, scrypt, Argon2) exists to make guessing a
 * low-entropy human password from its hash expensive; a 256-bit random secret cannot be guessed
 * whatever the cost per guess, so a fast hash loses nothing, and it lets every request be checked
 * with one hash and one map lookup. Without a salt, the hash doubles as the lookup key.
 *
 * <p>Looking the hash up in a map is not a constant-time comparison of secrets, and need not be:
 * what timing could reveal is how much of a hash matched, and finding a secret with a chosen hash
 * prefix teaches nothing about any other secret.
 */
public final class TokenSecrets {
  public static final int SECRET_BYTES = 32;

  private TokenSecrets() {}

  /** A new secret: 256 random bits, URL-safe base64 without padding (43 characters). */
  public static String newSecret(RandomGenerator random) {
    byte[] b = new byte[SECRET_BYTES];
    for (int i = 0; i < b.length; i++) b[i] = (byte) random.nextInt(256);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A new accessor: 128 random bits, hex, so that two never meet. */
  public static String newAccessor(RandomGenerator random) {
    byte[] b = new byte[16];
    for (int i = 0; i < b.length; i++) b[i] = (byte) random.nextInt(256);
    return "a-" + HexFormat.of().formatHex(b);
  }

  /** The lower-case hex SHA-256 of the secret's UTF-8 bytes, as the state keeps it. */
  public static String sha256Hex(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
