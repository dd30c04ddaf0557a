package io.orchestrate.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --limit} of the listing commands (a picocli mixin): how many rows to show at most. */
public final class ListingOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Show at most N rows (default: all). Rows are fetched from the managers a page at a time and printed as they arrive.")
  Long limit;

  /** The most rows to show; a usage error (exit 2) unless it is at least 1. */
  public long maxRows() {
    if (limit == null) return Long.MAX_VALUE;
    if (limit < 1) throw new ParameterException(mixee.commandLine(), "--limit must be at least 1, got " + limit);
    return limit;
  }
}
