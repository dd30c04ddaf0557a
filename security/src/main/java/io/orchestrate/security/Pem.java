package io.orchestrate.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * PEM files: certificates (one or a bundle) and private keys (PKCS#8 or SEC1). Writes go through a
 * temporary file and an atomic rename, so a process reloading the file never reads half of it; a
 * key file is created with mode 0600 before a byte of the key is written.
 */
public final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  private static final String CERTIFICATE = "CERTIFICATE";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private Pem() {}

  /** Every certificate in {@code file}, in order; a {@link TlsException} naming the file if there is none. */
  public static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(Files.readString(file, StandardCharsets.US_ASCII))) {
        if (b.type().equals(CERTIFICATE)) certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new TlsException("cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
    if (certs.isEmpty()) throw new TlsException(file + " holds no PEM certificate");
    return certs;
  }

  /**
   * The private key in {@code file}. PKCS#8 ("PRIVATE KEY", what {@link #writePrivateKey} and
   * {@code openssl genpkey} write) is read with the JDK alone; the older forms, SEC1 ("EC PRIVATE
   * KEY", as {@code openssl ecparam} writes it) and PKCS#1 ("RSA PRIVATE KEY"), through Bouncy
   * Castle ({@link LegacyKeys}), which a client run then never has to load.
   */
  public static PrivateKey readPrivateKey(Path file) {
    try {
      for (Block b : blocks(Files.readString(file, StandardCharsets.US_ASCII))) {
        if (b.type().equals("PRIVATE KEY")) return pkcs8(b.der());
        if (b.type().equals("EC PRIVATE KEY") || b.type().equals("RSA PRIVATE KEY")) return LegacyKeys.read(file);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TlsException("cannot read a private key from " + file + ": " + e.getMessage(), e);
    }
    throw new TlsException(file + " holds no unencrypted PEM private key");
  }

  /** Writes {@code certs} to {@code file}, replacing it atomically. */
  public static void writeCertificates(Path file, List<X509Certificate> certs) {
    StringBuilder out = new StringBuilder();
    try {
      for (X509Certificate c : certs) out.append(encode(CERTIFICATE, c.getEncoded()));
    } catch (CertificateException e) {
      throw new TlsException("cannot encode certificates for " + file + ": " + e.getMessage(), e);
    }
    replace(file, out.toString(), false);
  }

  /** Writes {@code key} as PKCS#8 to {@code file} with mode 0600, replacing it atomically. */
  public static void writePrivateKey(Path file, PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) throw new TlsException("cannot encode the private key for " + file + ": its format is " + key.getFormat() + ", not PKCS#8");
    replace(file, encode("PRIVATE KEY", key.getEncoded()), true);
  }

  /** One {@code -----BEGIN type-----} ... {@code -----END type-----} block, decoded. */
  private record Block(String type, byte[] der) {}

  /** The PEM blocks of {@code text} in order; text between blocks (openssl's comments) is skipped. */
  private static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    int at = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, at);
      if (begin < 0) return blocks;
      int typeEnd = text.indexOf(DASHES, begin + BEGIN.length());
      if (typeEnd < 0) throw new IllegalArgumentException("unterminated BEGIN line");
      String type = text.substring(begin + BEGIN.length(), typeEnd);
      String end = "-----END " + type + DASHES;
      int endAt = text.indexOf(end, typeEnd);
      if (endAt < 0) throw new IllegalArgumentException("no '" + end + "' after its BEGIN line");
      String body = text.substring(typeEnd + DASHES.length(), endAt);
      if (body.contains(":")) throw new IllegalArgumentException(type + " has headers (an encrypted key?); only unencrypted PEM is read");
      blocks.add(new Block(type, Base64.getMimeDecoder().decode(body)));
      at = endAt + end.length();
    }
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    // The algorithm is inside the DER; trying the factories in turn spares an ASN.1 parser.
    for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new InvalidKeySpecException("not an EC, RSA or EdDSA PKCS#8 key", last);
  }

  private static String encode(String type, byte[] der) {
    return BEGIN + type + DASHES + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + DASHES + "\n";
  }

  private static void replace(Path file, String text, boolean secret) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = secret && posix(dir)
          ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
          : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new TlsException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed and says so; a leftover temporary file is only clutter.
        }
      }
    }
  }

  /** Refuses to go on if {@code file} exists: CA and certificate files are never overwritten by accident. */
  static void requireAbsent(Path file, String what) {
    if (Files.exists(file)) {
      throw new TlsException(file + " already exists: refusing to overwrite " + what,
          new FileAlreadyExistsException(file.toString()));
    }
  }

  private static boolean posix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
