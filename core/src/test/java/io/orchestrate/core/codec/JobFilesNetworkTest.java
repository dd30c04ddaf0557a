package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.NetworkMode;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's {@code network} in job files: the three modes, the default, errors that name the field, and encoding. */
class JobFilesNetworkTest {
  private static JobSpec parse(String network) {
    String line = network == null ? "" : "    network: " + network + "\n";
    return JobFiles.parse(("""
        name: web
        tasks:
          - name: api
            image: local/busybox:1
        """ + line).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachModeIsKeptAndAbsentMeansBridge() {
    for (String mode : NetworkMode.ALL) assertThat(parse(mode).tasks().get(0).network()).isEqualTo(mode);
    TaskSpec plain = parse(null).tasks().get(0);
    assertThat(plain.network()).isNull();
    assertThat(NetworkMode.effective(plain.network())).isEqualTo(NetworkMode.BRIDGE);
  }

  @Test
  void anUnknownModeIsRefusedNamingTheField() {
    assertThatThrownBy(() -> parse("overlay")).isInstanceOfSatisfying(InvalidSpecException.class,
        e -> assertThat(e.problems()).containsExactly("tasks[0].network must be one of bridge, host, none (got 'overlay')"));
  }

  @Test
  void aSpecWithoutANetworkEncodesWithoutTheFieldAndOneWithItRoundTrips() {
    TaskSpec plain = new TaskSpec("api", "img", List.of(), null, 1, null, null);
    assertThat(Json.string(plain)).doesNotContain("network");
    TaskSpec host = plain.withNetwork(NetworkMode.HOST);
    assertThat(Json.read(Json.bytes(host), TaskSpec.class)).isEqualTo(host);
  }
}
