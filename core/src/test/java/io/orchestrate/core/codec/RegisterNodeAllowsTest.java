package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.spec.Resources;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a node allows, in the replicated log and the stored state: entries and records written
 * before the field existed read back as allowing nothing, and a node that allows nothing still
 * encodes byte for byte as it did, so replicas of either release agree on it.
 */
class RegisterNodeAllowsTest {
  /** A node.register entry exactly as the release before {@code allows} wrote it. */
  static final String OLD_ENTRY = "{\"type\":\"node.register\",\"v\":1,\"body\":{\"nodeId\":\"w1\",\"address\":\"10.0.0.5\","
      + "\"capacity\":{\"cpu\":4.0,\"memoryMb\":8192,\"diskMb\":100000},\"labels\":{\"zone\":\"a\"},\"driver\":\"docker\",\"atMillis\":7}}";

  @Test
  void anEntryFromBeforeTheFieldReadsAsAllowingNothingAndEncodesTheSameAgain() {
    RegisterNode c = (RegisterNode) CommandCodec.decode(OLD_ENTRY.getBytes(StandardCharsets.UTF_8));
    assertThat(c.allows()).isEmpty();
    assertThat(new String(CommandCodec.encode(c), StandardCharsets.UTF_8)).isEqualTo(OLD_ENTRY);
  }

  @Test
  void allowsRoundTripSorted() {
    RegisterNode c = new RegisterNode("w1", "h", Resources.of(1, 1, 1), Map.of(), "docker", 7,
        new java.util.LinkedHashSet<>(java.util.List.of(Allow.PROCESS_DRIVER, Allow.HOST_NETWORK)));
    String encoded = new String(CommandCodec.encode(c), StandardCharsets.UTF_8);
    assertThat(encoded).contains("\"allows\":[\"host-network\",\"process-driver\"]");
    assertThat(CommandCodec.decode(CommandCodec.encode(c))).isEqualTo(c);
  }

  @Test
  void aStoredNodeFromBeforeTheFieldReadsAsAllowingNothingAndKeepsItsEncoding() {
    Node plain = new Node("w1", "h", Resources.of(1, 1, 1), Map.of(), "docker", NodeState.READY, null, 1, 2, 3);
    String bytes = Json.string(plain);
    assertThat(bytes).doesNotContain("allows");
    assertThat(Json.read(bytes.getBytes(StandardCharsets.UTF_8), Node.class)).isEqualTo(plain);

    Node allowing = new Node("w1", "h", Resources.of(1, 1, 1), Map.of(), "docker", NodeState.READY, null, 1, 2, 3, Set.of(Allow.HOST_NETWORK));
    assertThat(Json.read(Json.bytes(allowing), Node.class)).isEqualTo(allowing);
    assertThat(allowing.withState(NodeState.DRAINING, "drained", 4, 5).allows()).as("a state change keeps what it allows")
        .containsExactly(Allow.HOST_NETWORK);
  }

  @Test
  void onlyTheHostNetworkNeedsAnAllowance() {
    assertThat(Allow.requiredBy("host")).containsExactly(Allow.HOST_NETWORK);
    assertThat(Allow.requiredBy((String) null)).isEmpty();
    assertThat(Allow.requiredBy("bridge")).isEmpty();
    assertThat(Allow.requiredBy("none")).isEmpty();
  }
}
