package io.orchestrate.core.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.spec.Resources;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A worker registered (or re-registered with changed facts): the node is READY with this capacity.
 *
 * @param allows the risky modes its operator allows ({@link io.orchestrate.core.spec.Allow}), sorted;
 *               left out of the encoding when empty, so that entries written before the field
 *               existed read back as "allows nothing" and a node that allows nothing encodes as it
 *               always did
 */
public record RegisterNode(String nodeId, String address, Resources capacity, Map<String, String> labels, String driver, long atMillis,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Set<String> allows)
    implements Command {

  public RegisterNode {
    allows = allows == null || allows.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(allows));
  }

  /** A node that allows no risky mode. */
  public RegisterNode(String nodeId, String address, Resources capacity, Map<String, String> labels, String driver, long atMillis) {
    this(nodeId, address, capacity, labels, driver, atMillis, null);
  }

  @Override
  public CommandType type() {
    return CommandType.REGISTER_NODE;
  }
}
