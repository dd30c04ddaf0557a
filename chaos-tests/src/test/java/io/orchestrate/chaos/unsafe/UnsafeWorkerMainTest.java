package io.orchestrate.chaos.unsafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.worker.WorkerConfig;
import io.orchestrate.worker.WorkerConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unsafe worker reads the flags ChaosCluster gives `orchestrate worker`, the same way. */
class UnsafeWorkerMainTest {
  @TempDir Path dir;

  @Test
  void theChaosClustersFlagsMakeTheConfigurationOrchestrateWorkerWould() {
    WorkerConfig c = UnsafeWorkerMain.config(new String[] {
        "--id", "w2", "--data-dir", "/data", "--managers", "10.1.1.11:7070,10.1.1.12:7070,10.1.1.13:7070",
        "--driver", "process", "--allow", "process-driver", "--cpus", "64", "--memory-mb", "65536", "--disk-mb=100000", "--advertise-host", "10.1.1.102",
        "--metrics", "10.1.1.102:7071", "--ca", "/pki/ca.crt", "--cert=/pki/node.crt", "--key", "/pki/node.key"});

    WorkerConfigFile.Settings s = new WorkerConfigFile.Settings();
    s.id = "w2";
    s.dataDir = Path.of("/data");
    s.managers = "10.1.1.11:7070,10.1.1.12:7070,10.1.1.13:7070";
    s.driver = "process";
    s.allow = "process-driver";
    s.cpus = 64.0;
    s.memoryMb = 65536L;
    s.diskMb = 100000L;
    s.advertiseHost = "10.1.1.102";
    s.metrics = "10.1.1.102:7071";
    s.ca = Path.of("/pki/ca.crt");
    s.cert = Path.of("/pki/node.crt");
    s.key = Path.of("/pki/node.key");
    assertThat(c).isEqualTo(s.build());
    assertThat(c.tls().cert()).isEqualTo(Path.of("/pki/node.crt"));
    assertThat(c.managers()).hasSize(3);
    assertThat(c.metricsAddress().getPort()).isEqualTo(7071);
    assertThat(c.driver()).isEqualTo("process");
  }

  @Test
  void flagsWinOverTheConfigFileAndLabelsAddToItsOwn() throws Exception {
    Path file = Files.writeString(dir.resolve("w.yaml"), """
        id: w1
        dataDir: /from-file
        managers: [127.0.0.1:7070]
        labels: {zone: a}
        """);

    WorkerConfig c = UnsafeWorkerMain.config(new String[] {"--data-dir", "/from-flag", "--label", "disk=ssd", "--config", file.toString(), "--insecure"});

    assertThat(c.id()).isEqualTo("w1");
    assertThat(c.dataDir()).isEqualTo(Path.of("/from-flag"));
    assertThat(c.labels()).isEqualTo(Map.of("zone", "a", "disk", "ssd"));
  }

  @Test
  void withoutTlsOptionsItRefusesToStartUnlessToldInsecureAndBothTogetherAreAContradiction() throws Exception {
    String[] plain = {"--id", "w1", "--data-dir", "/data", "--managers", "127.0.0.1:7070"};
    assertThatThrownBy(() -> UnsafeWorkerMain.parse(plain)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker w1 has no TLS options").hasMessageContaining("orchestrate tls init").hasMessageContaining("--insecure");

    Path file = Files.writeString(dir.resolve("w.yaml"), "insecure: true\n");
    UnsafeWorkerMain.Parsed fromFile = UnsafeWorkerMain.parse(new String[] {"--config", file.toString(), "--id", "w1", "--data-dir", "/data",
        "--managers", "127.0.0.1:7070"});
    assertThat(fromFile.insecure()).isTrue();
    assertThat(fromFile.config().tls()).isNull();

    String[] both = {"--id", "w1", "--data-dir", "/data", "--managers", "127.0.0.1:7070", "--ca", "/pki/ca.crt", "--cert", "/pki/w1.crt",
        "--key", "/pki/w1.key", "--insecure"};
    assertThatThrownBy(() -> UnsafeWorkerMain.parse(both)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--insecure").hasMessageContaining("exclude each other");
    assertThatThrownBy(() -> UnsafeWorkerMain.parse(new String[] {"--id", "w1", "--data-dir", "/data", "--managers", "127.0.0.1:7070",
        "--ca", "/pki/ca.crt", "--cert", "/pki/w1.crt"})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing --key");
  }

  @Test
  void anUnknownFlagABadNumberOrAMissingValueIsRefusedNamingIt() {
    assertThatThrownBy(() -> UnsafeWorkerMain.config(new String[] {"--id", "w1", "--verbose", "x"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --verbose");
    assertThatThrownBy(() -> UnsafeWorkerMain.config(new String[] {"--cpus", "many"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--cpus must be a number, got 'many'");
    assertThatThrownBy(() -> UnsafeWorkerMain.config(new String[] {"--id"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--id needs a value");
    assertThatThrownBy(() -> UnsafeWorkerMain.config(new String[] {"--id", "w1"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--data-dir");
  }
}
