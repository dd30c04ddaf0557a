package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.client.Table;
import io.orchestrate.core.api.NodeList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrate nodes}: the worker nodes, and {@code drain} / {@code undrain} for maintenance. */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = "List worker nodes the cluster knows: their state, allocation against capacity, and live host figures.",
    subcommands = {NodesCommand.Drain.class, NodesCommand.Undrain.class})
public final class NodesCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    return client.print(client.client().nodes(), this::printNodes);
  }

  /** One row per node: state, placement figures (allocated/capacity) and, from the leader, live host stats. */
  private void printNodes(NodeList list) {
    Table table = new Table("ID", "STATE", "ADDRESS", "DRIVER", "TASKS", "CPU", "MEMORY MB", "HOST CPU", "HOST MEM MB", "CONNECTED", "ALLOWS");
    for (Map<String, Object> n : list.nodes()) {
      Map<?, ?> cap = map(n.get("capacity"));
      Map<?, ?> alloc = map(n.get("allocated"));
      Map<?, ?> stats = map(n.get("stats"));
      table.row(n.get("id"), n.get("state"), n.get("address"), n.get("driver"), n.get("tasks"),
          alloc.get("cpu") + "/" + cap.get("cpu"),
          alloc.get("memoryMb") + "/" + cap.get("memoryMb"),
          stats.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f%%", ((Number) stats.get("cpuUsedPercent")).doubleValue()),
          stats.isEmpty() ? "-" : stats.get("memoryUsedMb") + "/" + stats.get("memoryTotalMb"),
          n.containsKey("connected") ? n.get("connected") : "-",
          allows(n.get("allows")));
    }
    table.print(client.out());
  }

  /** What the node allows beyond the default (host-network, process-driver), comma-separated; "-" for nothing. */
  private static String allows(Object v) {
    if (!(v instanceof List<?> l) || l.isEmpty()) return "-";
    return l.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static Map<?, ?> map(Object v) {
    return v instanceof Map<?, ?> m ? m : Map.of();
  }

  /** {@code orchestrate nodes drain ID}. */
  @Command(name = "drain", mixinStandardHelpOptions = true,
      description = {"Drain a node: it takes no new tasks, and each of its tasks is moved to another node.",
          "The replacement starts before the original stops, where resources allow. Watch progress with 'orchestrate nodes'."})
  public static final class Drain implements Callable<Integer> {
    @Mixin ClientOptions client;

    @picocli.CommandLine.Parameters(paramLabel = "NODE", description = "The node id.")
    String node;

    @Override
    public Integer call() {
      return client.print(client.client().drainNode(node, true), l -> client.out().println("draining " + node
          + "; its tasks are moving to other nodes (see 'orchestrate nodes')"));
    }
  }

  /** {@code orchestrate nodes undrain ID}. */
  @Command(name = "undrain", mixinStandardHelpOptions = true, description = "Make a drained node READY again: it takes new tasks.")
  public static final class Undrain implements Callable<Integer> {
    @Mixin ClientOptions client;

    @picocli.CommandLine.Parameters(paramLabel = "NODE", description = "The node id.")
    String node;

    @Override
    public Integer call() {
      return client.print(client.client().drainNode(node, false), l -> client.out().println(node + " is ready for new tasks"));
    }
  }
}
