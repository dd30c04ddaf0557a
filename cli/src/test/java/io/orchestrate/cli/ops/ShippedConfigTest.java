package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.config.ManagerConfigFile;
import io.orchestrate.worker.WorkerConfig;
import io.orchestrate.worker.WorkerConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The example config files in ops/config/ are what deploy-three-hosts.md tells operators to copy:
 * each must be read by the real reader without an error, and describe the cluster the runbook
 * describes (three managers on ports 7000/8080/7070, a worker reaching all three gateways).
 */
class ShippedConfigTest {
  static final Path CONFIG = RunbookCommandsTest.ROOT.resolve("ops/config");

  @Test
  void everyShippedConfigFileIsReadByItsReader() throws IOException {
    List<String> names;
    try (Stream<Path> s = Files.list(CONFIG)) {
      names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).sorted().toList();
    }
    // A new example file needs a reader here, so it cannot ship untested.
    assertThat(names).containsExactly("manager.yaml", "worker.yaml");
    assertThat(manager()).isNotNull();
    assertThat(worker()).isNotNull();
  }

  @Test
  void theManagerExampleIsHostOneOfThreeOnTheRunbooksPorts() {
    ManagerConfig m = manager();
    assertThat(m.id()).isEqualTo("m1");
    assertThat(m.peers()).containsOnlyKeys("m1", "m2", "m3");
    assertThat(m.peers().values()).extracting(HostPort::port).containsOnly(7000);
    assertThat(m.api()).isEqualTo(new HostPort(m.peers().get("m1").host(), 8080));
    assertThat(m.gateway()).isEqualTo(new HostPort(m.peers().get("m1").host(), 7070));
    assertThat(m.dataDir()).isEqualTo(Path.of("/var/lib/orchestrate"));
    assertThat(m.join()).isFalse();
  }

  @Test
  void bothExamplesRunWithTheRunbooksCertificatesNotInPlainText() throws IOException {
    ManagerConfig m = manager();
    assertThat(m.tls()).as("the manager example names its TLS files").isNotNull();
    assertThat(m.tls().ca()).isEqualTo(Path.of("/etc/orchestrate/tls/ca.crt"));
    assertThat(m.tls().cert()).as("host one's manager certificate, named for its id").isEqualTo(Path.of("/etc/orchestrate/tls/" + m.id() + ".crt"));
    assertThat(m.tls().key()).isEqualTo(Path.of("/etc/orchestrate/tls/" + m.id() + ".key"));
    WorkerConfig w = worker();
    assertThat(w.tls()).as("the worker example names its TLS files").isNotNull();
    assertThat(w.tls().ca()).isEqualTo(m.tls().ca());
    assertThat(w.tls().cert()).as("a worker certificate is named for its node id").isEqualTo(Path.of("/etc/orchestrate/tls/" + w.id() + ".crt"));
    assertThat(w.tls().key()).isEqualTo(Path.of("/etc/orchestrate/tls/" + w.id() + ".key"));
    for (String f : List.of("manager.yaml", "worker.yaml")) {
      assertThat(Files.readAllLines(CONFIG.resolve(f))).as(f + " does not ask for plain text").noneMatch(l -> l.startsWith("insecure:"));
    }
  }

  @Test
  void theWorkerExampleReachesEveryManagersGateway() {
    ManagerConfig m = manager();
    WorkerConfig w = worker();
    assertThat(w.managers()).extracting(g -> g.host() + ":" + g.port())
        .containsExactlyElementsOf(m.peers().values().stream().map(p -> p.host() + ":7070").toList());
    assertThat(w.driver()).isEqualTo("docker");
    assertThat(w.allow()).as("the shipped worker allows no risky mode").isEmpty();
    assertThat(w.advertiseHost()).isEqualTo(m.api().host());
    // Its own directory: the manager's unit owns /var/lib/orchestrate.
    assertThat(w.dataDir()).isNotEqualTo(m.dataDir());
  }

  static ManagerConfig manager() {
    ManagerConfig.Builder b = ManagerConfig.builder();
    ManagerConfigFile.apply(CONFIG.resolve("manager.yaml"), b);
    return b.build();
  }

  static WorkerConfig worker() {
    return WorkerConfigFile.read(CONFIG.resolve("worker.yaml")).build();
  }
}
