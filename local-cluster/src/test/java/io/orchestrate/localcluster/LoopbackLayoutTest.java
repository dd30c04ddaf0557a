package io.orchestrate.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackLayoutTest {
  private final Path root = Path.of("/tmp/layout-test");

  @Test
  void laysOutManagersWithDistinctLoopbackPortsAndTheirOwnDataDirectories() {
    LoopbackLayout l = LoopbackLayout.of(root, 3);

    assertThat(l.ids()).containsExactly("m1", "m2", "m3");
    Set<Integer> ports = new HashSet<>();
    for (ManagerSlot s : l.slots()) {
      for (HostPort p : List.of(s.raft(), s.api(), s.gateway())) {
        assertThat(p.host()).isEqualTo("127.0.0.1");
        assertThat(ports.add(p.port())).as("port %d given twice", p.port()).isTrue();
      }
      assertThat(s.dataDir()).isEqualTo(root.resolve(s.id()));
    }
  }

  @Test
  void peersArgAndManagerArgsAreWhatTheManagerCommandTakes() {
    LoopbackLayout l = LoopbackLayout.of(root, 2);
    ManagerSlot m1 = l.slot("m1");
    ManagerSlot m2 = l.slot("m2");

    assertThat(l.peersArg()).isEqualTo("m1=" + m1.raft() + ",m2=" + m2.raft());
    assertThat(ManagerConfig.Builder.parsePeers(l.peersArg())).isEqualTo(l.peers());
    assertThat(m2.managerArgs(l.peersArg(), null)).containsExactly("manager", "--id", "m2", "--data-dir", root.resolve("m2").toString(),
        "--peers", l.peersArg(), "--api", m2.api().toString(), "--gateway", m2.gateway().toString(), "--gateway-max-connections", "25000",
        "--insecure");
    io.orchestrate.security.TlsFiles tls = new io.orchestrate.security.TlsFiles(Path.of("/p/ca.crt"), Path.of("/p/m2.crt"), Path.of("/p/m2.key"));
    assertThat(m2.managerArgs(l.peersArg(), tls)).endsWith("--gateway-max-connections", "25000", "--ca", "/p/ca.crt", "--cert", "/p/m2.crt",
        "--key", "/p/m2.key").doesNotContain("--insecure");
    assertThat(l.apis()).containsExactly(m1.api().toString(), m2.api().toString());
    assertThat(l.gateways()).isEqualTo(m1.gateway() + "," + m2.gateway());
  }

  @Test
  void aManagersConfigNamesEveryPeerAndAJoinerOnlyItself() {
    LoopbackLayout l = LoopbackLayout.of(root, 3);
    ManagerConfig m2 = l.config("m2").build();
    assertThat(m2.peers()).isEqualTo(l.peers());
    assertThat(m2.api()).isEqualTo(l.slot("m2").api());
    assertThat(m2.dataDir()).isEqualTo(root.resolve("m2"));

    ManagerSlot m4 = l.add("m4");
    ManagerConfig joiner = l.joiningConfig("m4").build();
    assertThat(joiner.peers()).containsOnlyKeys("m4").containsEntry("m4", m4.raft());
    assertThat(joiner.join()).isTrue();
  }

  @Test
  void refusesAnEmptyClusterAndNamesAMissingManager() {
    assertThatThrownBy(() -> LoopbackLayout.of(root, 0)).hasMessageContaining("at least one manager");
    LoopbackLayout l = LoopbackLayout.of(root, 1);
    assertThatThrownBy(() -> l.slot("m9")).hasMessageContaining("m9").hasMessageContaining("m1");
    l.remove("m1");
    assertThat(l.has("m1")).isFalse();
  }

  @Test
  void aSingleManagerKeepsTheAddressesAndDirectoryItWasGiven() {
    ManagerSlot dev = new ManagerSlot("dev", new HostPort("127.0.0.1", 7000), new HostPort("127.0.0.1", 8080),
        new HostPort("127.0.0.1", 7070), root.resolve("manager"));
    LoopbackLayout l = LoopbackLayout.single(root, dev);
    assertThat(l.slots()).containsExactly(dev);
    assertThat(l.config("dev").build().dataDir()).isEqualTo(root.resolve("manager"));
  }
}
