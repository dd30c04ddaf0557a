package io.orchestrate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.security.CertificateAuthority;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsException;
import io.orchestrate.security.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's certificate is checked at start, before the worker touches its store: its role, and its name against the node id. */
class WorkerTlsTest {
  @TempDir Path dir;

  private TlsFiles issue(Role role, String name, String... hosts) {
    CertificateAuthority ca = Files.exists(dir.resolve("ca.crt")) ? CertificateAuthority.load(dir)
        : CertificateAuthority.init(dir, "test CA", Duration.ofDays(1), Instant.now());
    return ca.issue(role, name, List.of(hosts), Duration.ofDays(1), Instant.now()).writeTo(dir);
  }

  private Worker worker(String id, TlsFiles tls) {
    return new Worker(WorkerConfig.builder().id(id).dataDir(dir.resolve("data-" + id)).managers("127.0.0.1:1").tls(tls).build());
  }

  @Test
  void aCertificateForAnotherNodeIsRefusedNamingTheFileAndWhatToIssue() {
    TlsFiles w1 = issue(Role.WORKER, "w1");

    assertThatThrownBy(() -> worker("w2", w1).start())
        .isInstanceOf(TlsException.class)
        .hasMessage("--cert " + w1.cert() + " is a certificate for worker w1; worker w2 needs one issued with --role worker --name w2");
    assertThat(dir.resolve("data-w2")).doesNotExist();
  }

  @Test
  void aManagersCertificateIsRefused() {
    TlsFiles m1 = issue(Role.MANAGER, "w1", "127.0.0.1");

    assertThatThrownBy(() -> worker("w1", m1).start()).hasMessageContaining("is a certificate for manager w1");
  }

  @Test
  void theConfigFileTakesAllThreeOrNone() throws Exception {
    Path cfg = dir.resolve("worker.yaml");
    Files.writeString(cfg, "id: w1\ndataDir: /x\nmanagers: [h:1]\nca: /pki/ca.crt\ncert: /pki/w1.crt\n");

    WorkerConfigFile.Settings some = WorkerConfigFile.read(cfg);
    assertThatThrownBy(some::build).hasMessageContaining("missing --key (or config key key)");
    some.key = Path.of("/pki/w1.key");
    assertThat(some.build().tls()).isEqualTo(new TlsFiles(Path.of("/pki/ca.crt"), Path.of("/pki/w1.crt"), Path.of("/pki/w1.key")));
  }
}
