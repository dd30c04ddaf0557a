package io.orchestrate.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM files: certificates (one or a bundle) and private keys (PKCS#8 or SEC1). Writes go through a
 * temporary file and an atomic rename, so a process reloading the file never reads half of it; a
 * key file is created with mode 0600 before a byte of the key is written.
 */
public final class Pem {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private Pem() {}

  /** Every certificate in {@code file}, in order; a {@link TlsException} naming the file if there is none. */
  public static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certs = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof X509CertificateHolder h) certs.add(converter.getCertificate(h));
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new TlsException("cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
    if (certs.isEmpty()) throw new TlsException(file + " holds no PEM certificate");
    return certs;
  }

  /** The private key in {@code file}. */
  public static PrivateKey readPrivateKey(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
        // SEC1 ("EC PRIVATE KEY"), as openssl ecparam writes it; the public part may be absent.
        if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (IOException | RuntimeException e) {
      throw new TlsException("cannot read a private key from " + file + ": " + e.getMessage(), e);
    }
    throw new TlsException(file + " holds no unencrypted PEM private key");
  }

  /** Writes {@code certs} to {@code file}, replacing it atomically. */
  public static void writeCertificates(Path file, List<X509Certificate> certs) {
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      for (X509Certificate c : certs) w.writeObject(new JcaMiscPEMGenerator(c));
    } catch (IOException e) {
      throw new TlsException("cannot encode certificates for " + file + ": " + e.getMessage(), e);
    }
    replace(file, out.toString(), false);
  }

  /** Writes {@code key} as PKCS#8 to {@code file} with mode 0600, replacing it atomically. */
  public static void writePrivateKey(Path file, PrivateKey key) {
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new TlsException("cannot encode the private key for " + file + ": " + e.getMessage(), e);
    }
    replace(file, out.toString(), true);
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
