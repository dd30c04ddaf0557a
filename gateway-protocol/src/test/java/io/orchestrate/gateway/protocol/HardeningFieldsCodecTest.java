package io.orchestrate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The fields container hardening adds to the gateway: a worker's {@code allows} in Register (v4)
 * and a task's {@code user} in Desired. Each is left out when absent, so that a peer of the
 * release before still reads every message that does not use it.
 */
class HardeningFieldsCodecTest {
  private static String encode(GatewayMessage m) {
    return new String(GatewayCodec.encode(m), StandardCharsets.UTF_8);
  }

  private static Register register(Set<String> allows) {
    return new Register("w1", "h", Resources.of(1, 1, 1), Map.of(), "docker", List.of(), true, true, allows);
  }

  @Test
  void aWorkerThatAllowsNothingRegistersAsVersionThreeWithoutTheField() {
    String json = encode(register(Set.of()));
    assertThat(json).startsWith("{\"type\":\"register\",\"v\":3,").doesNotContain("allows");
    assertThat(((Register) GatewayCodec.decode(json.getBytes(StandardCharsets.UTF_8))).allows()).isEmpty();
  }

  @Test
  void aWorkerThatAllowsModesRegistersAsVersionFourWithThemSorted() {
    Register r = register(new java.util.LinkedHashSet<>(List.of(Allow.PROCESS_DRIVER, Allow.HOST_NETWORK)));
    String json = encode(r);
    assertThat(json).startsWith("{\"type\":\"register\",\"v\":4,").contains("\"allows\":[\"host-network\",\"process-driver\"]");
    assertThat(GatewayCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
    assertThat(MessageType.REGISTER.version()).as("v5 added logs").isEqualTo(5);
  }

  @Test
  void aManagerKeepsModesItDoesNotKnowButBoundsThem() {
    assertThat(register(Set.of("gpu-passthrough")).allows()).containsExactly("gpu-passthrough");
    Set<String> many = IntStream.range(0, Register.MAX_ALLOWS + 1).mapToObj(i -> "m" + i).collect(Collectors.toSet());
    assertThatThrownBy(() -> register(many)).hasMessageContaining("register.allows must list at most " + Register.MAX_ALLOWS);
    assertThatThrownBy(() -> register(Set.of(" "))).hasMessage("register.allows entry must not be blank");
    assertThatThrownBy(() -> register(Set.of("x".repeat(Register.MAX_ALLOW_LENGTH + 1)))).hasMessageContaining("at most 64 characters");
  }

  @Test
  void aTaskUserTravelsFromTheSpecAndIsLeftOutWhenAbsent() {
    TaskSpec spec = new TaskSpec("g", "img", List.of("sleep", "9"), null, 1, null, null);
    String plain = encode(new Desired(1, "w1", List.of(DesiredTask.of("t", "j", spec, 0, 1))));
    assertThat(plain).as("a worker of the release before reads it").doesNotContain("user");

    DesiredTask asUser = DesiredTask.of("t", "j", spec.withUser("1000:1000"), 0, 1);
    assertThat(asUser.user()).isEqualTo("1000:1000");
    Desired back = (Desired) GatewayCodec.decode(GatewayCodec.encode(new Desired(1, "w1", List.of(asUser))));
    assertThat(back.tasks().get(0)).isEqualTo(asUser);
    assertThat(DesiredFrames.estimate(asUser)).isGreaterThan(DesiredFrames.estimate(DesiredTask.of("t", "j", spec, 0, 1)));
  }
}
