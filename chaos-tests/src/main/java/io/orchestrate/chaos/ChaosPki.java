package io.orchestrate.chaos;

import io.orchestrate.core.util.FileTrees;
import io.orchestrate.security.CertificateAuthority;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One run's throwaway cluster CA and certificates, in a temporary directory on the host that
 * {@link #close()} deletes. A manager's certificate names the static IP of its container (what
 * every peer, worker and client dials, and what the HTTPS client and the gateway's workers verify)
 * and its host name; a worker's is named for its node id, which the gateway compares with the id it
 * registers; the suite's own clients share one client certificate. {@link ChaosCluster} copies each
 * node's files into its container at {@link #CA_IN_CONTAINER}, {@link #CERT_IN_CONTAINER} and
 * {@link #KEY_IN_CONTAINER}, the key with mode 0600.
 */
final class ChaosPki implements AutoCloseable {
  static final String CA_IN_CONTAINER = "/pki/ca.crt";
  static final String CERT_IN_CONTAINER = "/pki/node.crt";
  static final String KEY_IN_CONTAINER = "/pki/node.key";
  /** The name of the suite's client certificate. */
  static final String CLIENT = "chaos-client";
  /** Far longer than any run, soak runs included; the CA dies with the run. */
  private static final Duration VALIDITY = Duration.ofDays(2);

  private final Path dir;
  private final CertificateAuthority ca;

  private ChaosPki(Path dir, CertificateAuthority ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /** A new CA in a new temporary directory. */
  static ChaosPki create(String runId) {
    try {
      Path dir = Files.createTempDirectory("orchestrate-chaos-pki-");
      return new ChaosPki(dir, CertificateAuthority.init(dir, "orchestrate chaos CA " + runId, VALIDITY, Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for the chaos run's CA", e);
    }
  }

  Path caFile() {
    return dir.resolve(CertificateAuthority.CERT_FILE);
  }

  /** A manager's certificate for the address it is dialed at and its container's host name. */
  TlsFiles manager(String id, String ip) {
    return issue(Role.MANAGER, id, List.of(ip, id));
  }

  /** A worker's certificate, named for its node id. */
  TlsFiles worker(String id) {
    return issue(Role.WORKER, id, List.of());
  }

  /** The certificate of the suite's clients (workload, observer, checker reads). */
  TlsFiles client() {
    return issue(Role.CLIENT, CLIENT, List.of());
  }

  private TlsFiles issue(Role role, String name, List<String> hosts) {
    TlsFiles files = new TlsFiles(caFile(), dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    if (Files.exists(files.cert())) return files;
    return ca.issue(role, name, hosts, VALIDITY, Instant.now()).writeTo(dir);
  }

  @Override
  public void close() {
    try {
      FileTrees.deleteRecursively(dir);
    } catch (IOException e) {
      // Only the temporary directory is left behind; the run's verdict does not depend on it.
      throw new UncheckedIOException("cannot delete the chaos run's CA directory " + dir, e);
    }
  }
}
