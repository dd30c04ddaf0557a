package io.orchestrate.localcluster;

import io.orchestrate.security.CertificateAuthority;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A throwaway cluster CA in a directory and the certificates of a loopback cluster: managers for
 * {@code 127.0.0.1} and {@code localhost}, workers and clients by name. A certificate is issued
 * once and its files reused, so a manager that restarts keeps its own.
 */
public final class LocalPki {
  /** Long enough for any local run; a real cluster's certificates come from {@code orchestrate tls issue}. */
  private static final Duration VALIDITY = Duration.ofDays(30);
  private static final List<String> LOOPBACK_HOSTS = List.of(LoopbackLayout.LOOPBACK, "localhost");

  private final Path dir;
  private final CertificateAuthority ca;

  private LocalPki(Path dir, CertificateAuthority ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /** The CA in {@code dir}, created there first if there is none. */
  public static LocalPki open(Path dir) {
    CertificateAuthority ca = Files.exists(dir.resolve(CertificateAuthority.CERT_FILE))
        ? CertificateAuthority.load(dir)
        : CertificateAuthority.init(dir, "orchestrate local CA", VALIDITY, Instant.now());
    return new LocalPki(dir, ca);
  }

  public Path dir() {
    return dir;
  }

  public Path caFile() {
    return dir.resolve(CertificateAuthority.CERT_FILE);
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public TlsFiles manager(String id) {
    return issued(Role.MANAGER, id, LOOPBACK_HOSTS);
  }

  public TlsFiles worker(String id) {
    return issued(Role.WORKER, id, List.of());
  }

  public TlsFiles client(String name) {
    return issued(Role.CLIENT, name, List.of());
  }

  /** The files for {@code name}, issued now unless they exist. Managers and workers share one name space per directory. */
  public synchronized TlsFiles issued(Role role, String name, List<String> hosts) {
    TlsFiles files = new TlsFiles(caFile(), dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    if (Files.exists(files.cert()) && Files.exists(files.key())) return files;
    return ca.issue(role, name, hosts, VALIDITY, Instant.now()).writeTo(dir);
  }
}
