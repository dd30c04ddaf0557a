package io.orchestrate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.gateway.protocol.GatewayAddress;
import io.orchestrate.worker.gateway.GatewayClientSettings;
import io.orchestrate.worker.reconcile.ReconcilerSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  private static WorkerConfig.Builder minimal() {
    return WorkerConfig.builder().id("w1").dataDir(Path.of("/tmp/w1")).managers("127.0.0.1:7001, m2:7002");
  }

  @Test
  void unsetFieldsTakeTheirDefaults() {
    WorkerConfig c = minimal().build();
    assertThat(c.managers()).containsExactly(new GatewayAddress("127.0.0.1", 7001), new GatewayAddress("m2", 7002));
    assertThat(c.driver()).isEqualTo("docker");
    assertThat(c.cpus()).isZero();
    assertThat(c.metricsAddress()).isNull();
    assertThat(c.advertiseHost()).isNotBlank();
    assertThat(c.reconcilerSettings()).isEqualTo(ReconcilerSettings.defaults());
    assertThat(c.reconcilerSettings().driverConcurrency()).isEqualTo(ReconcilerSettings.DEFAULT_DRIVER_CONCURRENCY);
    assertThat(c.gatewaySettings().backoffMin()).isEqualTo(GatewayClientSettings.DEFAULT_BACKOFF_MIN);
    assertThat(c.gatewaySettings().backoffMax()).isEqualTo(GatewayClientSettings.DEFAULT_BACKOFF_MAX);
  }

  @Test
  void badValuesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> minimal().driver("podman").build()).hasMessage("worker.driver must be docker or process, was 'podman'");
    assertThatThrownBy(() -> minimal().cpus(-1).build()).hasMessageContaining("worker.cpus");
    assertThatThrownBy(() -> minimal().monitorInterval(Duration.ZERO).build()).hasMessageContaining("worker.monitorInterval");
    assertThatThrownBy(() -> minimal().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
        .hasMessageContaining("worker.backoffMax");
    assertThatThrownBy(() -> WorkerConfig.builder().id("w1").dataDir(Path.of("/tmp")).build()).hasMessageContaining("worker.managers");
    assertThatThrownBy(() -> minimal().managers("m3").build()).hasMessage("worker.managers entry must be host:port, was 'm3'");
    assertThatThrownBy(() -> minimal().metricsAddress("nohost").build()).hasMessageContaining("worker.metricsAddress");
    assertThatThrownBy(() -> minimal().id(" ").build()).hasMessage("worker.id must not be blank");
    assertThatThrownBy(() -> minimal().driverConcurrency(65).build()).hasMessage("worker.driverConcurrency must be between 1 and 64, was 65");
    assertThatThrownBy(() -> minimal().driverConcurrency(-1).build()).hasMessageContaining("worker.driverConcurrency");
    assertThat(minimal().driverConcurrency(2).build().reconcilerSettings().driverConcurrency()).isEqualTo(2);
    assertThatThrownBy(() -> minimal().allow("privileged").build())
        .hasMessage("worker.allow entry 'privileged' is not one of host-network, process-driver");
    assertThatThrownBy(() -> minimal().pidsLimit(-1).build()).hasMessage("worker.pidsLimit must not be negative, was -1");
  }

  @Test
  void theProcessDriverIsRefusedUnlessAllowedAndTheMessageNamesTheFlag() {
    assertThatThrownBy(() -> minimal().driver(WorkerConfig.DRIVER_PROCESS).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker.driver process runs every task's command as this worker's own user")
        .hasMessageContaining("add --allow process-driver (config key allow: [process-driver])");
    WorkerConfig allowed = minimal().driver(WorkerConfig.DRIVER_PROCESS).allow(io.orchestrate.core.spec.Allow.PROCESS_DRIVER).build();
    assertThat(allowed.allows(io.orchestrate.core.spec.Allow.PROCESS_DRIVER)).isTrue();
    assertThat(allowed.allows(io.orchestrate.core.spec.Allow.HOST_NETWORK)).isFalse();
  }

  @Test
  void byDefaultNothingRiskyIsAllowedAndContainersGetTheDefaultPidsLimit() {
    WorkerConfig c = minimal().build();
    assertThat(c.allow()).isEmpty();
    assertThat(c.pidsLimit()).isEqualTo(io.orchestrate.worker.driver.DockerDriverSettings.DEFAULT_PIDS_LIMIT).isEqualTo(1024);
    assertThat(minimal().pidsLimit(64).build().dockerSettings().pidsLimit()).isEqualTo(64);
  }

  @Test
  void theProcessDriverWithoutItsAllowIsRefusedBeforeTheWorkerTouchesAnything(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path data = dir.resolve("w1");
    assertThatThrownBy(() -> new Worker(WorkerConfig.builder().id("w1").dataDir(data).managers("127.0.0.1:1")
        .driver(WorkerConfig.DRIVER_PROCESS).build()).start())
        .hasMessageContaining("--allow process-driver");
    assertThat(data).doesNotExist();
  }
}
