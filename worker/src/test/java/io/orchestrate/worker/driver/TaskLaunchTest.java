package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.Resources;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskLaunchTest {
  @Test
  void namesTheBlankField() {
    assertThatThrownBy(() -> new TaskLaunch(" ", "j", "n", "img", List.of(), Map.of(), null, "x"))
        .hasMessage("launch.taskId must not be blank");
    assertThatThrownBy(() -> new TaskLaunch("t", "j", null, "img", List.of(), Map.of(), null, "x"))
        .hasMessage("launch.nodeId must not be blank");
    assertThatThrownBy(() -> new TaskLaunch("t", "j", "n", "img", List.of(), Map.of(), null, ""))
        .hasMessage("launch.name must not be blank");
  }

  @Test
  void namesTheBadCommandElementAndEnvKey() {
    assertThatThrownBy(() -> new TaskLaunch("t", "j", "n", "img", Arrays.asList("sh", null), Map.of(), null, "x"))
        .hasMessage("launch.command[1] must not be null");
    assertThatThrownBy(() -> new TaskLaunch("t", "j", "n", "img", List.of(), Map.of("A=B", "v"), null, "x"))
        .hasMessageContaining("launch.env key 'A=B'");
  }

  @Test
  void defaultsResourcesAndCopiesCollections() {
    List<String> command = new java.util.ArrayList<>(List.of("sh"));
    TaskLaunch launch = new TaskLaunch("t", "j", "n", "img", command, null, null, "x");
    command.add("-c");

    assertThat(launch.command()).containsExactly("sh");
    assertThat(launch.env()).isEmpty();
    assertThat(launch.resources()).isEqualTo(Resources.defaults());
  }

  @Test
  void theNetworkDefaultsToBridgeAndAnUnknownOneIsRefused() {
    assertThat(new TaskLaunch("t", "j", "n", "img", List.of(), null, null, "x").network()).isEqualTo("bridge");
    assertThatThrownBy(() -> new TaskLaunch("t", "j", "n", "img", List.of(), null, null, "x", "overlay"))
        .hasMessage("launch.network must be one of bridge, host, none, was 'overlay'");
  }
}
