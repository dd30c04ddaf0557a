package io.orchestrate.cli.logging;

import ch.qos.logback.classic.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What an operator chose for the logs: the format and the level of orchestrate's own loggers.
 * Libraries (Ratis, gRPC, Netty, RocksDB) log at WARN or above whatever the level, so INFO stays a
 * record of what this software decided; a full logback file given with
 * {@code -Dlogback.configurationFile} replaces all of this.
 *
 * @param problems values that were given but not understood, each naming its source; the defaults
 *                 were used instead and the problems are logged once logging is up
 */
public record LogSettings(LogFormat format, Level level, List<String> problems) {
  public static final String FORMAT_VARIABLE = "ORCHESTRATE_LOG_FORMAT";
  public static final String LEVEL_VARIABLE = "ORCHESTRATE_LOG_LEVEL";
  /** Same as the variables, for a JVM option ({@code JAVA_OPTS=-Dorchestrate.log.level=warn}); wins over them. */
  public static final String FORMAT_PROPERTY = "orchestrate.log.format";
  public static final String LEVEL_PROPERTY = "orchestrate.log.level";

  public static final LogSettings DEFAULTS = new LogSettings(LogFormat.TEXT, Level.INFO, List.of());
  private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  public LogSettings {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(level, "level");
    problems = List.copyOf(problems);
  }

  /** The settings of this process: system properties first, then environment variables, then defaults. */
  public static LogSettings ofThisProcess() {
    return read(name -> System.getProperty(name), System::getenv);
  }

  /** Reads the settings from {@code properties} and {@code env}; a value not understood becomes a problem and the default. */
  static LogSettings read(UnaryOperator<String> properties, UnaryOperator<String> env) {
    List<String> problems = new ArrayList<>();
    LogFormat format = DEFAULTS.format;
    Given f = Given.of(properties, FORMAT_PROPERTY, env, FORMAT_VARIABLE);
    if (f != null) {
      LogFormat named = LogFormat.named(f.value);
      if (named == null) problems.add(f + " is not text or json; writing text");
      else format = named;
    }
    Level level = DEFAULTS.level;
    Given l = Given.of(properties, LEVEL_PROPERTY, env, LEVEL_VARIABLE);
    if (l != null) {
      String upper = l.value.trim().toUpperCase(Locale.ROOT);
      if (LEVELS.contains(upper)) level = Level.toLevel(upper);
      else problems.add(l + " is not one of " + String.join(", ", LEVELS).toLowerCase(Locale.ROOT) + "; logging at info");
    }
    return new LogSettings(format, level, problems);
  }

  /** A value someone set, and where: the JVM option wins over the environment variable. */
  private record Given(String source, String value) {
    static Given of(UnaryOperator<String> properties, String property, UnaryOperator<String> env, String variable) {
      String p = properties.apply(property);
      if (p != null && !p.isBlank()) return new Given("-D" + property, p);
      String v = env.apply(variable);
      return v != null && !v.isBlank() ? new Given(variable, v) : null;
    }

    @Override
    public String toString() {
      return source + "=" + value;
    }
  }

  public LogSettings withFormat(LogFormat f) {
    return new LogSettings(f, level, problems);
  }

  /** The level for libraries: WARN, or orchestrate's own level when that is stricter (ERROR, OFF). */
  Level libraryLevel() {
    return level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
  }
}
