package io.orchestrate.scheduler;

import io.orchestrate.core.model.NodeState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Explains why a task class fits nowhere, naming the first filter that ruled out every node (state,
 * then constraints, then the modes the task requires, then distinct nodes, then resources) with the numbers an operator needs to fix
 * it. Called at most once per class per pass, so it may allocate freely.
 */
final class Reasons {
  private static final int MAX_LABEL_VALUES = 5;

  private Reasons() {}

  static String explain(NodeTable t, TaskClass c) {
    String reason = firstObstacle(t, c);
    return t.placed > 0 ? reason + " (after " + t.placed + " placements earlier in this plan)" : reason;
  }

  private static String firstObstacle(NodeTable t, TaskClass c) {
    if (t.n == 0) return Unplaced.NO_NODES;
    if (t.readyCount == 0) return "no node is ready (" + t.n + " nodes: " + states(t, null) + ")";
    int[] matching = t.eligible(c.constraints, java.util.Set.of());
    if (matching.length == 0) return constraintReason(t, c);
    if (!c.rules.isEmpty()) {
      int[] meeting = t.eligible(c.constraints, java.util.Set.of(), c.rules);
      if (meeting.length == 0) return ruleReason(t, c, matching);
      matching = meeting;
    }
    String scope = c.constraints.isEmpty() ? "ready node" : "ready node matching " + labels(c.constraints);
    if (!c.rules.isEmpty()) scope += (c.constraints.isEmpty() ? " meeting " : " and ") + rules(c);
    int[] eligible = t.eligible(c);
    if (eligible.length == 0) return allowReason(c, matching.length, scope);
    if (!c.requires.isEmpty()) scope += " that allows " + String.join(", ", c.requires);
    int[] candidates = eligible;
    if (c.distinctNodes) {
      int[] onNode = t.jobCounts(c.jobId);
      candidates = Arrays.stream(eligible).filter(i -> onNode[i] == 0).toArray();
      if (candidates.length == 0) {
        return "every " + scope + " already runs a task of job " + c.jobId
            + " and the task asks for distinct nodes (" + eligible.length + " nodes checked)";
      }
      scope += " without a task of job " + c.jobId;
    }
    return resourceReason(t, c, candidates, scope);
  }

  /**
   * The first of the job file's constraints that no ready node meets, named as written, e.g.
   * {@code no ready node meets constraint label.rack = r9 (3 ready nodes checked; ready nodes have rack=r1 (2), rack=r2 (1))};
   * or, when each is met by some node, that none meets them all at once.
   */
  private static String ruleReason(NodeTable t, TaskClass c, int[] candidates) {
    StringJoiner counts = new StringJoiner(", ");
    for (io.orchestrate.core.spec.PlacementConstraint r : c.rules) {
      long meeting = Arrays.stream(candidates).filter(i -> r.matches(t.views[i].id(), t.views[i].labels())).count();
      if (meeting == 0) {
        String seen = r.attribute().startsWith("label.")
            ? "; " + valuesSeen(t, Arrays.stream(candidates).boxed().toList(), r.attribute().substring("label.".length()))
            : "";
        return "no ready node meets constraint " + r + " (" + candidates.length + " ready nodes checked" + seen + ")";
      }
      counts.add(r + ": " + meeting);
    }
    return "no ready node meets all of " + rules(c) + " at once (" + counts + " of " + candidates.length + " ready nodes)";
  }

  private static String rules(TaskClass c) {
    StringJoiner j = new StringJoiner(", ");
    c.rules.forEach(r -> j.add(r.toString()));
    return j.toString();
  }

  /** e.g. {@code no ready node allows host-network (3 ready nodes checked; start a worker with --allow host-network)}. */
  private static String allowReason(TaskClass c, int checked, String scope) {
    String modes = String.join(",", c.requires);
    return "no " + scope + " allows " + String.join(" and ", c.requires) + ", which the task needs (" + checked + " nodes checked; "
        + "a worker allows it when started with --allow " + modes + ")";
  }

  private static String constraintReason(NodeTable t, TaskClass c) {
    List<Integer> ready = new ArrayList<>();
    for (int i = 0; i < t.n; i++) if (t.ready[i]) ready.add(i);
    StringBuilder sb = new StringBuilder();
    List<String> unmatched = new ArrayList<>();
    StringJoiner counts = new StringJoiner(", ");
    for (Map.Entry<String, String> e : c.constraints.entrySet()) {
      long matching = ready.stream().filter(i -> e.getValue().equals(t.views[i].labels().get(e.getKey()))).count();
      if (matching == 0) unmatched.add(e.getKey() + "=" + e.getValue());
      counts.add(e.getKey() + "=" + e.getValue() + ": " + matching);
    }
    if (!unmatched.isEmpty()) {
      sb.append("no ready node matches constraint").append(unmatched.size() > 1 ? "s " : " ")
          .append(String.join(", ", unmatched))
          .append(" (").append(ready.size()).append(" ready nodes checked");
      for (String u : unmatched) sb.append("; ").append(valuesSeen(t, ready, u.substring(0, u.indexOf('='))));
      sb.append(')');
    } else {
      sb.append("no ready node matches all of ").append(labels(c.constraints))
          .append(" at once (").append(counts).append(" of ").append(ready.size()).append(" ready nodes)");
    }
    String idle = states(t, c.constraints);
    if (!idle.isEmpty()) sb.append("; matching nodes that are not ready: ").append(idle);
    return sb.toString();
  }

  /** e.g. {@code ready nodes have zone=a (2), zone=c (1)} or {@code no ready node has label zone}. */
  private static String valuesSeen(NodeTable t, List<Integer> ready, String key) {
    TreeMap<String, Integer> seen = new TreeMap<>();
    for (int i : ready) {
      String v = t.views[i].labels().get(key);
      if (v != null) seen.merge(v, 1, Integer::sum);
    }
    if (seen.isEmpty()) return "no ready node has label " + key;
    StringJoiner j = new StringJoiner(", ", "ready nodes have ", "");
    seen.entrySet().stream().limit(MAX_LABEL_VALUES).forEach(e -> j.add(key + "=" + e.getKey() + " (" + e.getValue() + ")"));
    if (seen.size() > MAX_LABEL_VALUES) j.add("...");
    return j.toString();
  }

  /** Counts of non-ready nodes by state, e.g. {@code 2 down, 1 draining}; only those matching {@code constraints} when given. */
  private static String states(NodeTable t, Map<String, String> constraints) {
    int down = 0;
    int draining = 0;
    for (int i = 0; i < t.n; i++) {
      if (constraints != null && !NodeTable.matches(t.views[i], constraints)) continue;
      if (t.views[i].state() == NodeState.DOWN) down++;
      if (t.views[i].state() == NodeState.DRAINING) draining++;
    }
    StringJoiner j = new StringJoiner(", ");
    if (down > 0) j.add(down + " down");
    if (draining > 0) j.add(draining + " draining");
    return j.toString();
  }

  private static String resourceReason(NodeTable t, TaskClass c, int[] candidates, String scope) {
    double bestCpu = Double.NEGATIVE_INFINITY;
    long bestMem = Long.MIN_VALUE;
    long bestDisk = Long.MIN_VALUE;
    for (int i : candidates) {
      bestCpu = Math.max(bestCpu, t.freeCpu[i]);
      bestMem = Math.max(bestMem, t.freeMem[i]);
      bestDisk = Math.max(bestDisk, t.freeDisk[i]);
    }
    List<String> shortfalls = new ArrayList<>();
    if (c.cpu > bestCpu + NodeTable.CPU_EPSILON) {
      shortfalls.add("no " + scope + " has " + cores(c.cpu) + " free cpu; best has " + cores(Math.max(0, bestCpu)));
    }
    if (c.mem > bestMem) shortfalls.add("no " + scope + " has " + c.mem + " MB free memory; best has " + Math.max(0, bestMem) + " MB");
    if (c.disk > bestDisk) shortfalls.add("no " + scope + " has " + c.disk + " MB free disk; best has " + Math.max(0, bestDisk) + " MB");
    if (!shortfalls.isEmpty()) return String.join("; ", shortfalls);

    // Each resource is available somewhere, just never all on the same node: show the closest one.
    int closest = -1;
    double closestRatio = Double.NEGATIVE_INFINITY;
    for (int i : candidates) {
      double r = Math.min(ratio(t.freeCpu[i], c.cpu), Math.min(ratio(t.freeMem[i], c.mem), ratio(t.freeDisk[i], c.disk)));
      if (r > closestRatio) {
        closestRatio = r;
        closest = i;
      }
    }
    return "no " + scope + " has " + cores(c.cpu) + " cpu, " + c.mem + " MB memory and " + c.disk
        + " MB disk free at once (" + candidates.length + " nodes checked); closest is " + t.ids[closest] + " with "
        + cores(Math.max(0, t.freeCpu[closest])) + " cpu, " + Math.max(0, t.freeMem[closest]) + " MB memory, "
        + Math.max(0, t.freeDisk[closest]) + " MB disk free";
  }

  private static double ratio(double free, double need) {
    return need > 0 ? free / need : Double.POSITIVE_INFINITY;
  }

  private static String cores(double cpu) {
    return BigDecimal.valueOf(cpu).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  private static String labels(Map<String, String> constraints) {
    StringJoiner j = new StringJoiner(", ");
    constraints.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }
}
