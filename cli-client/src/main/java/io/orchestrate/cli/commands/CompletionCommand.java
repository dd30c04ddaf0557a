package io.orchestrate.cli.commands;

import io.orchestrate.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate completion bash|zsh}: a completion script for the command tree this runs in
 * (bin/orchestrate runs it from the full jar, so it covers every command). zsh runs picocli's bash
 * script through bashcompinit, its own emulation of bash completion.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
        "Print a shell completion script for every command and option.",
        "bash: source <(orchestrate completion bash), or save it in /etc/bash_completion.d/orchestrate.",
        "zsh: source <(orchestrate completion zsh) in ~/.zshrc."})
public final class CompletionCommand implements Callable<Integer> {
  enum Shell { bash, zsh }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "The shell to complete for: ${COMPLETION-CANDIDATES}.")
  Shell shell;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    PrintWriter out = spec.commandLine().getOut();
    if (shell == Shell.zsh) {
      out.println("autoload -U +X compinit && compinit");
      out.println("autoload -U +X bashcompinit && bashcompinit");
    }
    out.print(AutoComplete.bash(root.getCommandName(), root));
    out.flush();
    return ExitCodes.OK;
  }
}
