package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.Table;
import io.orchestrate.core.api.NodeList;
import io.orchestrate.core.codec.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code orchestrate nodes}. Nodes are open maps on the wire until the worker protocol fixes their
 * fields, so the table's columns are the fields the managers send, {@code id} first.
 */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = "List worker nodes the cluster knows: their state, capacity and what they report.")
public final class NodesCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    return client.print(client.client().nodes(), this::printNodes);
  }

  private void printNodes(NodeList list) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add("id");
    for (Map<String, Object> n : list.nodes()) keys.addAll(n.keySet());
    List<String> columns = new ArrayList<>(keys);
    Table table = new Table(columns.stream().map(k -> k.toUpperCase(Locale.ROOT)).toList());
    for (Map<String, Object> n : list.nodes()) {
      table.row(columns.stream().map(k -> cell(n.get(k))).toArray());
    }
    table.print(client.out());
  }

  private static Object cell(Object v) {
    return v instanceof Map<?, ?> || v instanceof List<?> ? Json.string(v) : v;
  }
}
