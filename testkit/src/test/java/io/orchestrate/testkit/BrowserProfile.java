package io.orchestrate.testkit;

import io.orchestrate.security.Pem;
import io.orchestrate.security.TlsFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A home directory for a headless Chromium that trusts the cluster's CA and holds a client
 * certificate, as a user sets their own browser up (README, "Web UI"): Chromium on Linux reads
 * both from the NSS database in {@code $HOME/.pki/nssdb}, which Debian's {@code certutil} and
 * {@code pk12util} (package libnss3-tools) fill. Which certificate to present is then chosen
 * without a prompt by the {@code AutoSelectCertificateForUrls} policy that ops/ci/setup-browser.sh
 * installs for https://127.0.0.1.
 */
final class BrowserProfile {
  static final Path CERTUTIL = Path.of("/usr/bin/certutil");
  static final Path PK12UTIL = Path.of("/usr/bin/pk12util");
  static final Path POLICY = Path.of("/etc/chromium/policies/managed/orchestrate-ci.json");

  private BrowserProfile() {}

  /** Whether this machine can set such a profile up and Chromium will pick the certificate by itself. */
  static boolean available() {
    return Files.isExecutable(CERTUTIL) && Files.isExecutable(PK12UTIL) && Files.isRegularFile(POLICY);
  }

  /** A new home under {@code dir} trusting {@code ca}, and holding {@code client} (certificate and key) if not null. */
  static Path home(Path dir, Path ca, TlsFiles client) throws IOException {
    Path home = Files.createDirectories(dir);
    Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
    String sql = "sql:" + db;
    run(CERTUTIL.toString(), "-N", "-d", sql, "--empty-password");
    run(CERTUTIL.toString(), "-A", "-d", sql, "-n", "orchestrate-ca", "-t", "C,,", "-i", ca.toString());
    if (client != null) {
      Path p12 = home.resolve("client.p12");
      writePkcs12(client, p12);
      run(PK12UTIL.toString(), "-i", p12.toString(), "-d", sql, "-W", "");
    }
    return home;
  }

  private static void writePkcs12(TlsFiles client, Path to) throws IOException {
    try {
      List<X509Certificate> chain = Pem.readCertificates(client.cert());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", Pem.readPrivateKey(client.key()), new char[0], chain.toArray(X509Certificate[]::new));
      try (OutputStream out = Files.newOutputStream(to)) {
        ks.store(out, new char[0]);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write " + to + ": " + e.getMessage(), e);
    }
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
  }
}
