package io.orchestrate.cli.ops;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a parser: it blanks what cannot hold a metric
 * name (string literals, label matchers, range selectors, grouping clauses) and keeps the
 * identifiers left that are neither functions (followed by a parenthesis) nor keywords. Enough for
 * the expressions our dashboard and rules use, and tested on them.
 */
final class PromQlNames {
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
      "group_left", "group_right", "inf", "nan");
  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private PromQlNames() {}

  static Set<String> of(String expr) {
    String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    s = s.replaceAll("\\{[^}]*\\}", " ");
    s = s.replaceAll("\\[[^\\]]*\\]", " ");
    s = s.replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      String id = m.group();
      int before = m.start() - 1;
      if (before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.' || s.charAt(before) == '$')) continue;
      int after = m.end();
      while (after < s.length() && s.charAt(after) == ' ') after++;
      if (after < s.length() && s.charAt(after) == '(') continue;
      if (KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) continue;
      names.add(id);
    }
    return names;
  }
}
