package io.orchestrate.manager;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.security.CertificateAuthority;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsException;
import io.orchestrate.security.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manager's TLS files are checked before it binds anything, and the error names the file. */
class ManagerTlsTest {
  @TempDir Path dir;

  private ManagerConfig config(TlsFiles tls) {
    return ManagerConfig.builder().id("m1").dataDir(dir.resolve("m1")).peers(Map.of("m1", HostPort.parse("127.0.0.1:0", "peer")))
        .api(HostPort.parse("127.0.0.1:0", "api")).tls(tls).build();
  }

  @Test
  void aWorkersCertificateCannotRunAManager() {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test CA", Duration.ofDays(1), Instant.now());
    TlsFiles w1 = ca.issue(Role.WORKER, "w1", List.of(), Duration.ofDays(1), Instant.now()).writeTo(dir);

    assertThatThrownBy(() -> Manager.start(config(w1)))
        .isInstanceOf(TlsException.class)
        .hasMessage("--cert " + w1.cert() + " is a certificate for worker w1; a manager needs one issued with --role manager");
  }

  @Test
  void anExpiredCertificateStopsTheManagerAtStart() {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test CA", Duration.ofDays(1), Instant.now());
    Instant now = Instant.now();
    TlsFiles m1 = ca.issue(Role.MANAGER, "m1", List.of("127.0.0.1"), now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))).writeTo(dir);

    assertThatThrownBy(() -> Manager.start(config(m1)))
        .isInstanceOf(TlsException.class)
        .hasMessageStartingWith("the certificate in " + m1.cert() + " expired at");
  }
}
