package io.orchestrate.chaos.unsafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unsafe manager reads the flags ChaosCluster gives `orchestrate manager`, the same way. */
class UnsafeManagerMainTest {
  @TempDir Path dir;

  @Test
  void theChaosClustersFlagsMakeTheConfigurationOrchestrateManagerWould() {
    ManagerConfig c = UnsafeManagerMain.config(new String[] {
        "--id", "m2", "--data-dir", "/data", "--peers", "m1=10.1.1.11:7000,m2=10.1.1.12:7000,m3=10.1.1.13:7000",
        "--api", "10.1.1.12:8080", "--gateway=10.1.1.12:7070", "--ca", "/pki/ca.crt", "--cert", "/pki/node.crt", "--key=/pki/node.key"});

    assertThat(c.id()).isEqualTo("m2");
    assertThat(c.tls().key()).isEqualTo(Path.of("/pki/node.key"));
    assertThat(c.acl()).as("tokens required, as with TLS by default").isTrue();
    assertThat(c.dataDir()).isEqualTo(Path.of("/data"));
    assertThat(c.peers()).containsOnlyKeys("m1", "m2", "m3");
    assertThat(c.raftAddress()).isEqualTo(HostPort.parse("10.1.1.12:7000", "test"));
    assertThat(c.api()).isEqualTo(HostPort.parse("10.1.1.12:8080", "test"));
    assertThat(c.gateway()).isEqualTo(HostPort.parse("10.1.1.12:7070", "test"));
    assertThat(c.join()).isFalse();
  }

  @Test
  void flagsWinOverTheConfigFileWhereverTheyStand() throws Exception {
    Path file = Files.writeString(dir.resolve("m.yaml"), """
        id: m1
        dataDir: /from-file
        clusterName: from-file
        peers: {m1: 127.0.0.1:7000}
        api: 127.0.0.1:8080
        """);

    ManagerConfig c = UnsafeManagerMain.config(new String[] {"--cluster-name", "from-flag", "--config", file.toString(), "--insecure"});

    assertThat(c.clusterName()).isEqualTo("from-flag");
    assertThat(c.dataDir()).isEqualTo(Path.of("/from-file"));
  }

  @Test
  void withoutTlsOptionsItRefusesToStartUnlessToldInsecureAsOrchestrateManagerDoes() throws Exception {
    String[] plain = {"--id", "m1", "--data-dir", "/data", "--peers", "m1=127.0.0.1:7000", "--api", "127.0.0.1:8080"};
    assertThatThrownBy(() -> UnsafeManagerMain.parse(plain)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("manager m1 has no TLS options").hasMessageContaining("orchestrate tls init").hasMessageContaining("--insecure");

    Path file = Files.writeString(dir.resolve("m.yaml"), "insecure: true\n");
    UnsafeManagerMain.Parsed fromFile = UnsafeManagerMain.parse(new String[] {"--config", file.toString(), "--id", "m1", "--data-dir", "/data",
        "--peers", "m1=127.0.0.1:7000", "--api", "127.0.0.1:8080"});
    assertThat(fromFile.insecure()).isTrue();
    assertThat(fromFile.config().acl()).isFalse();
    assertThat(fromFile.config().tls()).isNull();
  }

  @Test
  void withTlsOptionsTokensAreRequiredUnlessNoAclAndInsecureIsAContradiction() {
    String[] tls = {"--id", "m1", "--data-dir", "/data", "--peers", "m1=127.0.0.1:7000", "--api", "127.0.0.1:8080", "--ca", "/pki/ca.crt", "--cert", "/pki/m1.crt",
        "--key", "/pki/m1.key"};
    UnsafeManagerMain.Parsed p = UnsafeManagerMain.parse(tls);
    assertThat(p.insecure()).isFalse();
    assertThat(p.config().acl()).isTrue();
    assertThat(p.config().tls().cert()).isEqualTo(Path.of("/pki/m1.crt"));

    String[] noAcl = java.util.stream.Stream.concat(java.util.Arrays.stream(tls), java.util.stream.Stream.of("--no-acl")).toArray(String[]::new);
    assertThat(UnsafeManagerMain.parse(noAcl).config().acl()).isFalse();

    String[] both = java.util.stream.Stream.concat(java.util.Arrays.stream(tls), java.util.stream.Stream.of("--insecure")).toArray(String[]::new);
    assertThatThrownBy(() -> UnsafeManagerMain.parse(both)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--insecure").hasMessageContaining("exclude each other");
  }

  @Test
  void anUnknownFlagOrAMissingValueIsRefusedNamingIt() {
    assertThatThrownBy(() -> UnsafeManagerMain.config(new String[] {"--id", "m1", "--verbose", "x"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --verbose");
    assertThatThrownBy(() -> UnsafeManagerMain.config(new String[] {"--id"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--id needs a value");
  }
}
