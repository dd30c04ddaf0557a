package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.OrchestrateCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every {@code orchestrate ...} command line in the runbooks' code blocks names subcommands and
 * options that exist in the CLI's picocli model (what {@code --help} prints), and so does every
 * command line a shipped systemd unit runs; the README links every runbook.
 */
class RunbookCommandsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path RUNBOOKS = ROOT.resolve("ops/runbooks");
  /** Commands a runbook may name before the CLI has them; none now, so every command is checked. */
  static final Set<String> PENDING = Set.of();

  record CommandLineInDoc(Path file, int line, List<String> args) {
    @Override
    public String toString() {
      return RUNBOOKS.relativize(file) + ":" + line + ": orchestrate " + String.join(" ", args);
    }
  }

  @Test
  void everyRunbookCommandMatchesTheCli() throws IOException {
    List<CommandLineInDoc> commands = commands();
    assertThat(commands).as("the runbooks hold commands").hasSizeGreaterThan(30);
    List<String> problems = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (CommandLineInDoc c : commands) {
      String problem = check(c.args(), pending);
      if (problem != null) problems.add(c + " -> " + problem);
    }
    assertThat(problems).as("runbook commands the CLI does not have").isEmpty();
    assertThat(pending).allMatch(p -> PENDING.stream().anyMatch(p::startsWith));
  }

  /** What systemd runs: every orchestrate command line in the shipped units exists in the CLI too. */
  @Test
  void everySystemdExecStartNamesOnlyOptionsTheCliHas() throws IOException {
    List<String> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Stream<Path> s = Files.list(ROOT.resolve("ops/systemd"))) {
      for (Path unit : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".service")).sorted()::iterator) {
        SystemdUnit u = SystemdUnit.read(unit);
        assertThat(u.execStart()).as(unit.getFileName() + " has an ExecStart line").isNotEmpty();
        for (String line : u.execStart()) {
          for (String command : SystemdUnit.simpleCommands(line)) {
            List<String> args = orchestrateArgs(command);
            if (args == null) continue;
            String where = unit.getFileName() + ": orchestrate " + String.join(" ", args);
            checked.add(where);
            String problem = check(args, new ArrayList<>());
            if (problem != null) problems.add(where + " -> " + problem);
          }
        }
      }
    }
    assertThat(problems).as("unit command lines the CLI does not have").isEmpty();
    assertThat(checked).as("manager, worker, backup save and inspect").hasSize(4)
        .anyMatch(c -> c.startsWith("orchestrate-manager.service: orchestrate manager --config"))
        .anyMatch(c -> c.startsWith("orchestrate-worker.service: orchestrate worker --config"))
        .anyMatch(c -> c.startsWith("orchestrate-backup.service: orchestrate snapshot save"))
        .anyMatch(c -> c.startsWith("orchestrate-backup.service: orchestrate snapshot inspect"));
  }

  @Test
  void theUnitReaderFindsTheCommandsInAShellScriptLine() {
    assertThat(SystemdUnit.simpleCommands("/bin/sh -c 'f=x && /opt/o/bin/orchestrate snapshot save \"$f\" && /opt/o/bin/orchestrate snapshot inspect \"$f\" > /dev/null'"))
        .containsExactly("f=x", "/opt/o/bin/orchestrate snapshot save \"$f\"", "/opt/o/bin/orchestrate snapshot inspect \"$f\" > /dev/null");
    assertThat(SystemdUnit.simpleCommands("/opt/o/bin/orchestrate manager --config /etc/m.yaml $EXTRA_ARGS"))
        .containsExactly("/opt/o/bin/orchestrate manager --config /etc/m.yaml");
    assertThat(check(orchestrateArgs("/opt/o/bin/orchestrate manager --config /etc/m.yaml --peer x"), new ArrayList<>())).contains("--peer");
  }

  @Test
  void theCheckerCatchesAMisspelledSubcommandOrFlag() {
    List<String> pending = new ArrayList<>();
    assertThat(check(List.of("cluster", "add-manager", "m4", "--raft", "h:1"), pending)).isNull();
    assertThat(check(List.of("cluster", "add-manger", "m4"), pending)).contains("add-manger");
    assertThat(check(List.of("cluster", "add-manager", "m4", "--raft-address", "h:1"), pending)).contains("--raft-address");
    assertThat(check(List.of("snapshot", "restore", "f", "--data-dir=/x", "--id", "m1"), pending)).isNull();
  }

  @Test
  void readmeLinksEveryRunbook() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    try (Stream<Path> s = Files.list(RUNBOOKS)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().equals("README.md")) continue;
        assertThat(readme).as("README links " + p.getFileName()).contains("ops/runbooks/" + p.getFileName());
      }
    }
  }

  @Test
  void everyRunbookHasItsSections() throws IOException {
    try (Stream<Path> s = Files.list(RUNBOOKS)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().equals("README.md")) continue;
        String text = Files.readString(p);
        assertThat(text).as(p.getFileName().toString())
            .contains("**Purpose.**").contains("**Preconditions.**").contains("**Steps").contains("**Verify").contains("**Roll back.**");
      }
    }
  }

  /** Null when the command exists; otherwise what is wrong. Lines of pending commands are collected, not checked. */
  static String check(List<String> args, List<String> pending) {
    CommandLine cmd = OrchestrateCli.commandLine(new CliEnvironment(java.util.Map.of(), io.orchestrate.client.Time.SYSTEM));
    CommandSpec spec = cmd.getCommandSpec();
    String path = "";
    boolean expectValue = false;
    for (String a : args) {
      if (expectValue) {
        expectValue = false;
        continue;
      }
      if (a.startsWith("-") && !a.equals("-")) {
        String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        CommandLine.Model.OptionSpec o = spec.findOption(name);
        if (o == null) return "'" + ("orchestrate " + path).strip() + "' has no option " + name;
        expectValue = !a.contains("=") && o.arity().max() > 0;
        continue;
      }
      CommandLine sub = spec.subcommands().get(a);
      if (sub != null) {
        spec = sub.getCommandSpec();
        path = (path + " " + a).strip();
        continue;
      }
      if (spec.positionalParameters().isEmpty()) {
        String candidate = (path + " " + a).strip();
        if (PENDING.contains(candidate)) {
          pending.add(candidate);
          return null;
        }
        return "'" + a + "' is neither a subcommand nor an argument of '" + ("orchestrate " + path).strip()
            + "' (subcommands: " + spec.subcommands().keySet() + ")";
      }
    }
    return null;
  }

  static List<CommandLineInDoc> commands() throws IOException {
    List<CommandLineInDoc> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(RUNBOOKS)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) out.addAll(commandsIn(p));
    }
    return out;
  }

  private static final Pattern FENCE = Pattern.compile("^\\s*```");

  static List<CommandLineInDoc> commandsIn(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<CommandLineInDoc> out = new ArrayList<>();
    boolean inCode = false;
    StringBuilder joined = new StringBuilder();
    int start = 0;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (FENCE.matcher(line).find()) {
        inCode = !inCode;
        continue;
      }
      if (!inCode) continue;
      if (joined.isEmpty()) start = n + 1;
      String t = line.strip();
      if (t.endsWith("\\")) {
        joined.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      joined.append(t);
      List<String> args = orchestrateArgs(joined.toString());
      if (args != null) out.add(new CommandLineInDoc(file, start, args));
      joined.setLength(0);
    }
    return out;
  }

  /**
   * The arguments after the {@code orchestrate} launcher when it is the line's command (first
   * word, after {@code sudo [-u USER]} or {@code NAME=value} assignments), or null.
   */
  static List<String> orchestrateArgs(String line) {
    String code = line.startsWith("#") ? "" : line.replaceAll("\\s+#.*$", "").replaceAll("\\$\\([^)]*\\)", "X");
    List<String> tokens = new ArrayList<>();
    Matcher m = Pattern.compile("\"[^\"]*\"|'[^']*'|\\S+").matcher(code);
    while (m.find()) tokens.add(m.group());
    int i = 0;
    while (i < tokens.size()) {
      String t = tokens.get(i);
      if (t.equals("sudo")) i++;
      else if (t.equals("-u") && i + 1 < tokens.size()) i += 2;
      else if (t.matches("[A-Z_][A-Z0-9_]*=.*")) i++;
      else if (i < 5 && t.matches("[0-9*/,-]+")) i++; // a crontab line's schedule fields
      else break;
    }
    if (i >= tokens.size()) return null;
    String launcher = tokens.get(i);
    if (!launcher.equals("orchestrate") && !launcher.endsWith("/orchestrate")) return null;
    List<String> args = new ArrayList<>();
    for (int j = i + 1; j < tokens.size(); j++) {
      String a = tokens.get(j);
      if (Set.of("|", "&&", ";", "||", "2>&1").contains(a) || a.startsWith(">")) break;
      args.add(a.replaceAll("^[\"']|[\"']$", ""));
    }
    return args;
  }
}
