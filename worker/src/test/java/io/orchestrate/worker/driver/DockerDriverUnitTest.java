package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.model.HostConfig;
import io.orchestrate.core.spec.Resources;
import org.junit.jupiter.api.Test;

/** The docker driver's pure parts; no engine needed. */
class DockerDriverUnitTest {
  @Test
  void addsLatestOnlyWhenTheImageHasNoTagOrDigest() {
    assertThat(DockerDriver.withDefaultTag("local/nope")).isEqualTo("local/nope:latest");
    assertThat(DockerDriver.withDefaultTag("local/nope:0")).isEqualTo("local/nope:0");
    assertThat(DockerDriver.withDefaultTag("registry:5000/app")).isEqualTo("registry:5000/app:latest");
    assertThat(DockerDriver.withDefaultTag("app@sha256:abc")).isEqualTo("app@sha256:abc");
  }

  @Test
  void convertsResourcesToEngineUnits() {
    HostConfig hc = DockerDriver.hostConfig(Resources.of(1.5, 256, 0));
    assertThat(hc.getMemory()).isEqualTo(256L * 1024 * 1024);
    assertThat(hc.getMemorySwap()).isEqualTo(256L * 1024 * 1024);
    assertThat(hc.getNanoCPUs()).isEqualTo(1_500_000_000L);
  }

  @Test
  void extractsTheEnginesMessage() {
    var e = new InternalServerErrorException("Status 500: {\"message\":\"Get \\\"https://registry/v2/\\\": no such host\"}\n");
    assertThat(DockerErrors.reason(e)).isEqualTo("Get \"https://registry/v2/\": no such host");
    assertThat(DockerErrors.reason(new RuntimeException(new java.io.IOException("No such file")))).isEqualTo("java.io.IOException: No such file");
  }
}
