package io.orchestrate.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.client.Time;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Logging as this JVM set it up through the jar's configurator, as every orchestrate process does:
 * java.util.logging comes out through the same appender, and {@code --log-format} switches it.
 * Each test reads standard error while it runs.
 */
class ProcessLoggingTest {
  private final PrintStream realErr = System.err;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void captureStandardError() {
    LogSetup.start();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(realErr);
    LogSetup.switchFormat(LogSettings.ofThisProcess().format());
  }

  private List<String> lines() {
    String s = err.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : List.of(s.split("\n"));
  }

  @Test
  void theJarsConfiguratorSetsUpLogback() {
    assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
    LoggerContext c = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(c.getLogger("ROOT").getAppender(LogSetup.APPENDER)).as("the appender this jar configures").isNotNull();
  }

  @Test
  void javaUtilLoggingRecordsComeOutThroughSlf4jInTheSameForm() {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty.io.grpc.netty.TcpMetrics");
    jul.warning("epoll unavailable");
    jul.info("Epoll available during static init of TcpMetrics:true");

    assertThat(lines()).as("the warning in this jar's text form; the library's INFO dropped as every library's is")
        .singleElement().asString()
        .matches(LogLinesTest.TEXT_LINE)
        .contains(" WARN ")
        .endsWith("TcpMetrics - epoll unavailable");
    Handler[] rootHandlers = java.util.logging.Logger.getLogger("").getHandlers();
    assertThat(Arrays.stream(rootHandlers).map(h -> h.getClass().getSimpleName()))
        .as("java.util.logging's own console handler, with its two-line form, is gone").containsExactly("SLF4JBridgeHandler");
    assertThat(java.util.logging.Logger.getLogger("").getLevel()).as("levels mirrored, so dropped records are not bridged")
        .isEqualTo(Level.WARNING);
  }

  @Test
  void logFormatBeforeTheCommandSwitchesThisProcessToJson() throws Exception {
    int code = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), Time.SYSTEM)).execute("--log-format", "json", "--version");
    assertThat(code).isZero();
    LoggerFactory.getLogger("io.orchestrate.cli.Test").info("after the switch");

    List<String> jsonLines = lines().stream().filter(l -> l.startsWith("{")).toList();
    assertThat(jsonLines).singleElement().satisfies(l -> {
      JsonNode n = new ObjectMapper().readTree(l);
      assertThat(n.path("message").asText()).isEqualTo("after the switch");
      OffsetDateTime.parse(n.path("timestamp").asText());
    });
  }

  @Test
  void aCommandCanQuietenALoggerButNeverMakesItLouder() {
    LogSetup.atLeast("io.orchestrate.quiet", ch.qos.logback.classic.Level.WARN);
    LogSetup.atLeast("io.orchestrate.silent", ch.qos.logback.classic.Level.ERROR);
    LogSetup.atLeast("io.orchestrate.silent", ch.qos.logback.classic.Level.WARN);
    LoggerFactory.getLogger("io.orchestrate.quiet.Job").info("dropped");
    LoggerFactory.getLogger("io.orchestrate.quiet.Job").warn("kept");
    LoggerFactory.getLogger("io.orchestrate.silent.Job").warn("dropped too");

    assertThat(lines()).singleElement().asString().endsWith("Job - kept");
  }

  @Test
  void anUnknownLogFormatIsAUsageError() {
    int code = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), Time.SYSTEM)).execute("--log-format", "xml", "--version");
    assertThat(code).isEqualTo(2);
  }
}
