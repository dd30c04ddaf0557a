package io.orchestrate.cli.logging;

import picocli.CommandLine.Option;

/** The root's {@code --log-format} (a mixin of the full tree only: the slim client jar has no logging backend). */
public final class LogFormatOption {
  /** Given before the command ({@code orchestrate --log-format json manager ...}): it applies to this whole process. */
  @Option(names = "--log-format", paramLabel = "text|json",
      description = "Log lines as text or as JSON, one object per line, on standard error (default: $ORCHESTRATE_LOG_FORMAT, else text;"
          + " the level is $ORCHESTRATE_LOG_LEVEL, else info).")
  void logFormat(LogFormat format) {
    LogSetup.switchFormat(format);
  }
}
