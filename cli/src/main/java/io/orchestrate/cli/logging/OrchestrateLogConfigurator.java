package io.orchestrate.cli.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configurator in this jar (registered as a service): it sets up logging from
 * {@link LogSettings} the first time anything logs. With {@code -Dlogback.configurationFile} it
 * steps aside and logback reads that file; java.util.logging is bridged either way.
 */
public final class OrchestrateLogConfigurator extends ContextAwareBase implements Configurator {
  static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LogSetup.bridgeJavaUtilLogging();
    if (System.getProperty(CONFIG_FILE_PROPERTY) != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    LogSetup.configureProcess(context, LogSettings.ofThisProcess());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
