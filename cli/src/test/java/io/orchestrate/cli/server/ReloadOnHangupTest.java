package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.localcluster.LocalPki;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.security.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SIGHUP handler runs: the renewed files are in use when it returns, and its line names them. */
class ReloadOnHangupTest {
  @TempDir Path dir;

  @Test
  void theHandlersReloadPutsTheRenewedCertificateInUseAndNamesItsExpiry() {
    LocalPki pki = LocalPki.open(dir);
    TlsFiles files = pki.manager("m1");
    TlsMaterial tls = TlsMaterial.load(files);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant renewedUntil = now.plus(Duration.ofDays(60));
    pki.ca().issue(Role.MANAGER, "m1", List.of("127.0.0.1"), now, renewedUntil).writeTo(dir);

    String said = ReloadOnHangup.reload(tls, "manager m1");

    assertThat(said).startsWith("manager m1 on SIGHUP: reloaded certificate " + files.cert()).contains("expires " + renewedUntil);
    assertThat(tls.keyManager().certificate().getNotAfter().toInstant()).isEqualTo(renewedUntil);
  }
}
