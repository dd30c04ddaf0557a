package io.orchestrate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.codec.Json;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A desired task carries its secrets' values to the worker it is sent to (and only there, which the
 * leader's per-node publishing ensures); a task without secrets encodes as it did before them, so a
 * worker of the release before reads it.
 */
class DesiredTaskSecretsTest {
  private static final String VALUE = "s3cr3t-hunter2";
  private static final TaskSpec SPEC = new TaskSpec("api", "local/busybox:1", List.of("sh", "-c", "env"), Map.of("B", "2", "A", "1"), 2,
      Resources.of(0.5, 64, 10), null, null, null, "host");

  @Test
  void aTaskWithoutSecretsEncodesByteForByteAsBefore() {
    assertThat(Json.string(DesiredTask.of("t-1", "j-1", SPEC, 1, 7))).isEqualTo(
        "{\"taskId\":\"t-1\",\"jobId\":\"j-1\",\"group\":\"api\",\"index\":1,\"generation\":7,\"image\":\"local/busybox:1\","
            + "\"command\":[\"sh\",\"-c\",\"env\"],\"env\":{\"A\":\"1\",\"B\":\"2\"},\"resources\":{\"cpu\":0.5,\"memoryMb\":64,\"diskMb\":10},"
            + "\"restart\":{\"policy\":\"on-failure\",\"maxRestarts\":3,\"delaySeconds\":1},\"network\":\"host\"}");
  }

  @Test
  void theValuesTravelToTheWorkerAndRoundTrip() {
    DesiredTask t = DesiredTask.of("t-1", "j-1", SPEC.withSecrets(Secrets.of(Map.of("DB_PASSWORD", VALUE))), 1, 7);
    Desired d = new Desired(3, "w1", List.of(t));
    byte[] frame = GatewayCodec.encode(d);
    assertThat(new String(frame, StandardCharsets.UTF_8)).contains("\"secrets\":{\"DB_PASSWORD\":\"" + VALUE + "\"}");
    assertThat(GatewayCodec.decode(frame)).isEqualTo(d);
    assertThat(((Desired) GatewayCodec.decode(frame)).tasks().get(0).secrets().values()).containsEntry("DB_PASSWORD", VALUE);
  }

  @Test
  void toStringNamesTheSecretWithoutItsValue() {
    DesiredTask t = DesiredTask.of("t-1", "j-1", SPEC.withSecrets(Secrets.of(Map.of("DB_PASSWORD", VALUE))), 1, 7);
    assertThat(new Desired(3, "w1", List.of(t)).toString()).contains("DB_PASSWORD").doesNotContain(VALUE);
  }

  @Test
  void aNullValueFromTheWireIsRefusedByNameOnly() {
    Map<String, String> bad = new HashMap<>();
    bad.put("DB_PASSWORD", null);
    assertThatThrownBy(() -> new DesiredTask("t", "j", "g", 0, 1, "img", List.of(), Map.of(), null, null, null, null, null, Secrets.of(bad)))
        .hasMessage("desiredTask.secrets['DB_PASSWORD'] must not be null");
  }

  @Test
  void framesCountTheSecretsInTheirSize() {
    DesiredTask plain = DesiredTask.of("t-1", "j-1", SPEC, 1, 7);
    DesiredTask big = DesiredTask.of("t-1", "j-1", SPEC.withSecrets(Secrets.of(Map.of("CERT", "x".repeat(10_000)))), 1, 7);
    assertThat(DesiredFrames.estimate(big) - DesiredFrames.estimate(plain)).isGreaterThanOrEqualTo(20_000);
    assertThat(DesiredFrames.estimate(big)).isGreaterThanOrEqualTo(Json.bytes(big).length);
  }
}
