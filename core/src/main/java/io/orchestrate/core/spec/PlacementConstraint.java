package io.orchestrate.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rule a node must meet for a task group to be placed on it ({@code constraints:} in the job
 * file): {@code {attribute: label.rack, operator: "=", value: r1}}. The attribute is a node label
 * ({@code label.KEY}) or the node's id ({@code node.id}); the operators are {@code =}, {@code !=},
 * {@code in} (the value is a comma-separated list) and {@code regex} (the whole attribute must
 * match). A node without the label meets only {@code !=}.
 */
public record PlacementConstraint(String attribute, String operator, String value) {
  public static final List<String> OPERATORS = List.of("=", "!=", "in", "regex");
  public static final int MAX_PER_GROUP = 16;
  /** Regexes are evaluated on the leader for each node: kept short, like the label values they match. */
  public static final int MAX_VALUE = 256;
  private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_./-]{0,61}[A-Za-z0-9])?");
  public static final String NODE_ID = "node.id";

  /** Whether a node with {@code labels} and {@code nodeId} meets this rule (the rule is valid: see {@link #problems}). */
  public boolean matches(String nodeId, Map<String, String> labels) {
    String actual = attribute.equals(NODE_ID) ? nodeId : labels.get(attribute.substring("label.".length()));
    return switch (operator) {
      case "=" -> value.equals(actual);
      case "!=" -> !value.equals(actual);
      case "in" -> actual != null && values().contains(actual);
      case "regex" -> actual != null && Pattern.compile(value).matcher(actual).matches();
      default -> false;
    };
  }

  private List<String> values() {
    List<String> out = new ArrayList<>();
    for (String v : value.split(",")) out.add(v.trim());
    return out;
  }

  /** How a reason names it: {@code label.rack != r1}. */
  @Override
  public String toString() {
    return attribute + " " + operator + " " + value;
  }

  /** Every problem with the rule at {@code at} ("tasks[0].constraints[1]"), each naming its field. */
  public static void problems(List<String> p, String at, PlacementConstraint c) {
    if (c == null) {
      p.add(at + " must not be null");
      return;
    }
    if (c.attribute == null) {
      p.add(at + ".attribute is required (label.KEY or node.id)");
    } else if (!c.attribute.equals(NODE_ID)
        && !(c.attribute.startsWith("label.") && LABEL_KEY.matcher(c.attribute.substring("label.".length())).matches())) {
      p.add(at + ".attribute must be label.KEY (a node label) or node.id (got '" + shown(c.attribute) + "')");
    }
    if (c.operator == null || !OPERATORS.contains(c.operator)) {
      p.add(at + ".operator must be one of " + String.join(", ", OPERATORS) + (c.operator == null ? "" : " (got '" + shown(c.operator) + "')"));
    }
    if (c.value == null || c.value.isEmpty()) {
      p.add(at + ".value is required");
    } else if (c.value.length() > MAX_VALUE) {
      p.add(at + ".value must be at most " + MAX_VALUE + " characters");
    } else if ("regex".equals(c.operator)) {
      try {
        Pattern.compile(c.value);
      } catch (PatternSyntaxException e) {
        p.add(at + ".value is not a valid regex: " + e.getDescription());
      }
    } else if ("in".equals(c.operator) && c.values().stream().anyMatch(String::isEmpty)) {
      p.add(at + ".value must list values separated by commas, none empty (got '" + shown(c.value) + "')");
    }
  }

  private static String shown(String v) {
    return v.length() > 64 ? v.substring(0, 64) + "..." : v;
  }
}
