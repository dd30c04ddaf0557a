package io.orchestrate.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.OutputStream;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up logback for every process the fat jar runs (managers, workers, dev, demo, client
 * commands): one appender on standard error, in text or JSON, with java.util.logging routed into
 * it so that Ratis's and gRPC's lines share the format. Built in code rather than from a logback
 * file: nothing to parse at start, and an unknown setting becomes a warning instead of a silent
 * loss of every line.
 */
public final class LogSetup {
  /** The text form: a full date with the zone's offset, so lines from several hosts and days sort and compare. */
  public static final String TEXT_PATTERN = "%d{" + JsonLineEncoder.TIME_PATTERN + "} %-5level [%thread] %logger{0} - %msg%n";
  static final String APPENDER = "orchestrate";

  private LogSetup() {}

  /** Configures logback now (before anything else logs) unless it is already; called first by the entry point. */
  public static void start() {
    LoggerFactory.getILoggerFactory();
  }

  /**
   * Configures this process's logging: {@code context} writes to standard error as
   * {@code settings} say, and every level set on it is mirrored onto java.util.logging, where a
   * record below it is dropped before it is built and bridged (the bridge is slow otherwise).
   */
  static void configureProcess(LoggerContext context, LogSettings settings) {
    configure(context, settings, null, true);
  }

  /** Configures {@code context} alone (java.util.logging untouched), writing to {@code target}: for tests. */
  static void configure(LoggerContext context, LogSettings settings, OutputStream target) {
    configure(context, settings, target, false);
  }

  private static void configure(LoggerContext context, LogSettings settings, OutputStream target, boolean mirrorToJul) {
    context.reset();
    if (mirrorToJul) {
      // Added before any level is set: it mirrors level changes, not levels already set.
      LevelChangePropagator toJul = new LevelChangePropagator();
      toJul.setContext(context);
      toJul.setResetJUL(true);
      toJul.start();
      context.addListener(toJul);
    }

    Encoder<ILoggingEvent> encoder = encoder(context, settings.format());
    OutputStreamAppender<ILoggingEvent> appender;
    if (target == null) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget("System.err");
      appender = console;
    } else {
      appender = new OutputStreamAppender<>();
      appender.setOutputStream(target);
    }
    appender.setName(APPENDER);
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(settings.libraryLevel());
    root.addAppender(appender);
    context.getLogger("io.orchestrate").setLevel(settings.level());
    // Ratis's ordered client logs every failed attempt while it looks for a leader, which the
    // CLI's own retries already report: noise in every client command during a failover.
    context.getLogger("org.apache.ratis.client.impl.OrderedAsync").setLevel(Level.OFF);
    for (String p : settings.problems()) context.getLogger(LogSetup.class).warn(p);
  }

  /**
   * Switches this process's logs to {@code format}, keeping the level: for {@code --log-format},
   * which is read after logging has started. A process configured with
   * {@code -Dlogback.configurationFile} keeps that file's setup.
   */
  public static void switchFormat(LogFormat format) {
    if (System.getProperty(OrchestrateLogConfigurator.CONFIG_FILE_PROPERTY) != null) return;
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      LogSettings now = LogSettings.ofThisProcess();
      // The problems were reported when logging started; a format given on the command line ends the format's.
      configureProcess(context, new LogSettings(format, now.level(), java.util.List.of()));
    }
  }

  /** Keeps {@code logger} (and those under it) to {@code level} and above in this process, whatever level was chosen. */
  public static void atLeast(String logger, Level level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Logger l = context.getLogger(logger);
      if (!l.getEffectiveLevel().isGreaterOrEqual(level)) l.setLevel(level);
    }
  }

  /** Routes java.util.logging into SLF4J, replacing its console handler; once per process. */
  static void bridgeJavaUtilLogging() {
    if (SLF4JBridgeHandler.isInstalled()) return;
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
    Encoder<ILoggingEvent> e;
    if (format == LogFormat.JSON) {
      e = new JsonLineEncoder();
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(TEXT_PATTERN);
      e = text;
    }
    e.setContext(context);
    e.start();
    return e;
  }
}
