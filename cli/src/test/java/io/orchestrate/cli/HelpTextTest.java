package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.client.ManualTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help in the full tree reads as finished text: no unresolved values, no summary cut mid-sentence. */
class HelpTextTest {
  private final CommandLine root = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), new ManualTime()));

  @Test
  void everyUsageIsFreeOfNull() {
    List<String> bad = new ArrayList<>();
    for (CommandLine c : all(root)) {
      String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
      if (usage.matches("(?s).*\\bnull\\b.*")) bad.add(c.getCommandSpec().qualifiedName() + ":\n" + usage);
    }
    assertThat(bad).isEmpty();
  }

  @Test
  void everySummaryIsAWholeSentence() {
    List<String> bad = new ArrayList<>();
    for (CommandLine c : all(root)) {
      if (c.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) continue;
      String[] description = c.getCommandSpec().usageMessage().description();
      // The first line is the summary the parent lists; it must not stop where a line break happened to fall.
      String summary = description.length == 0 ? "" : description[0].strip();
      if (!summary.endsWith(".")) bad.add(c.getCommandSpec().qualifiedName() + ": '" + summary + "'");
    }
    assertThat(bad).isEmpty();
  }

  @Test
  void theWalkReachesEveryLevel() {
    assertThat(all(root)).extracting(c -> c.getCommandSpec().qualifiedName())
        .contains("orchestrate demo", "orchestrate cluster features upgrade", "orchestrate token create", "orchestrate snapshot restore",
            "orchestrate bench submit", "orchestrate version", "orchestrate health", "orchestrate completion");
  }

  private static List<CommandLine> all(CommandLine c) {
    List<CommandLine> out = new ArrayList<>();
    out.add(c);
    for (CommandLine sub : c.getSubcommands().values()) {
      // Aliases map to the same CommandLine; visit each command once.
      if (sub.getParent() == c && !out.contains(sub)) out.addAll(all(sub));
    }
    return out;
  }
}
