package io.orchestrate.cli.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command lines of a shipped systemd unit ({@code ExecStart=}, {@code ExecStartPost=}), with
 * systemd's specifier escape {@code %%} turned back into {@code %}, as systemd hands them to exec.
 */
record SystemdUnit(Path file, List<String> execStart, List<String> execStartPost) {
  static SystemdUnit read(Path file) throws IOException {
    List<String> start = new ArrayList<>();
    List<String> post = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String t = line.strip();
      if (t.startsWith("ExecStart=")) start.add(unescape(t.substring("ExecStart=".length())));
      else if (t.startsWith("ExecStartPost=")) post.add(unescape(t.substring("ExecStartPost=".length())));
    }
    return new SystemdUnit(file, start, post);
  }

  private static String unescape(String v) {
    return v.replace("%%", "%");
  }

  private static final Pattern SH_C = Pattern.compile("^/bin/sh -c '(.*)'$");

  /**
   * The simple commands an ExecStart line runs: the line itself, or for {@code /bin/sh -c '...'}
   * each command of the script (split on {@code &&}, {@code ||} and {@code ;}). Environment
   * references such as {@code $ORCHESTRATE_MANAGER_ARGS} are dropped: their files are optional
   * and ship empty, so by default they expand to nothing.
   */
  static List<String> simpleCommands(String execLine) {
    Matcher m = SH_C.matcher(execLine);
    List<String> parts = m.matches() ? List.of(m.group(1).split("&&|\\|\\||;")) : List.of(execLine);
    List<String> out = new ArrayList<>();
    for (String p : parts) out.add(p.replaceAll("(^|\\s)\\$[A-Z_][A-Z0-9_]*", " ").strip());
    return out;
  }
}
