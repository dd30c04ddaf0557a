package io.orchestrate.security;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A throwaway cluster CA in a directory and the certificates tests need from it. */
final class TestPki {
  final Path dir;
  final CertificateAuthority ca;

  TestPki(Path dir) {
    this.dir = dir;
    this.ca = CertificateAuthority.init(dir, "test CA " + dir.getFileName(), Duration.ofDays(30), Instant.now());
  }

  TlsFiles issue(Role role, String name, String... hosts) {
    return ca.issue(role, name, List.of(hosts), Duration.ofDays(1), Instant.now()).writeTo(dir);
  }

  /** A certificate that expired an hour ago. */
  TlsFiles expired(Role role, String name, String... hosts) {
    Instant now = Instant.now();
    return ca.issue(role, name, List.of(hosts), now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))).writeTo(dir);
  }

  TlsMaterial material(TlsFiles files) {
    return TlsMaterial.load(files);
  }
}
