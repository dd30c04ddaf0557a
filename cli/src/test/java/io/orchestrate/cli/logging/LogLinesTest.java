package io.orchestrate.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The lines an operator ships: their form in text and JSON, and which loggers write at which level. */
class LogLinesTest {
  /** A text line: a full date with milliseconds and the zone's offset, the level, the thread, the logger. */
  static final String TEXT_LINE = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) +[A-Z]+ +\\[[^\\]]+\\] \\S+ - .*";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ObjectMapper json = new ObjectMapper();

  private LoggerContext context(LogSettings settings) {
    LoggerContext c = new LoggerContext();
    c.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's binding gives the process's own context
    LogSetup.configure(c, settings, out);
    return c;
  }

  private List<String> lines() {
    String s = out.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : List.of(s.split("\n"));
  }

  @Test
  void jsonLinesParseAndCarryTheDateLevelLoggerThreadAndMessage() throws Exception {
    Logger log = context(LogSettings.DEFAULTS.withFormat(LogFormat.JSON)).getLogger("io.orchestrate.manager.service.JobService");
    Instant before = Instant.now();
    log.info("job {} ({}) submitted", "j-1", "web \"quoted\"\nsecond line");

    List<String> lines = lines();
    assertThat(lines).as("one object per line, even for a message with a newline").hasSize(1);
    JsonNode n = json.readTree(lines.get(0));
    OffsetDateTime at = OffsetDateTime.parse(n.path("timestamp").asText());
    assertThat(Duration.between(before, at.toInstant()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(n.path("timestamp").asText()).as("a date, not only a time of day").startsWith(at.toLocalDate().toString() + "T");
    assertThat(n.path("level").asText()).isEqualTo("INFO");
    assertThat(n.path("logger").asText()).isEqualTo("io.orchestrate.manager.service.JobService");
    assertThat(n.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(n.path("message").asText()).isEqualTo("job j-1 (web \"quoted\"\nsecond line) submitted");
    assertThat(n.has("exception")).as("no exception field without one").isFalse();
  }

  @Test
  void aJsonLineCarriesTheMdcWhenThereIsOne() throws Exception {
    LoggerContext c = context(LogSettings.DEFAULTS.withFormat(LogFormat.JSON));
    c.getMDCAdapter().put("request", "r-7");
    c.getLogger("io.orchestrate.x").info("with");
    c.getMDCAdapter().clear();
    c.getLogger("io.orchestrate.x").info("without");

    assertThat(json.readTree(lines().get(0)).path("mdc").path("request").asText()).isEqualTo("r-7");
    assertThat(json.readTree(lines().get(1)).has("mdc")).isFalse();
  }

  @Test
  void aJsonLineCarriesTheWholeStackTraceAsText() throws Exception {
    Logger log = context(LogSettings.DEFAULTS.withFormat(LogFormat.JSON)).getLogger("io.orchestrate.x");
    log.error("apply failed", new IllegalStateException("boom", new java.io.IOException("disk")));

    List<String> lines = lines();
    assertThat(lines).hasSize(1);
    JsonNode n = json.readTree(lines.get(0));
    assertThat(n.path("level").asText()).isEqualTo("ERROR");
    assertThat(n.path("exception").asText())
        .contains("java.lang.IllegalStateException: boom")
        .contains("Caused by: java.io.IOException: disk")
        .contains("at io.orchestrate.cli.logging.LogLinesTest");
  }

  @Test
  void aTextLineStartsWithAFullDateAndItsZone() {
    Logger log = context(LogSettings.DEFAULTS).getLogger("io.orchestrate.manager.Manager");
    log.info("manager {} started", "m1");

    assertThat(lines()).singleElement().satisfies(l -> {
      assertThat(l).matches(TEXT_LINE).endsWith(" Manager - manager m1 started");
      OffsetDateTime.parse(l.substring(0, l.indexOf(' ')));
    });
  }

  @Test
  void ownLoggersWriteAtTheChosenLevelAndLibrariesOnlyWarnings() {
    LoggerContext c = context(LogSettings.read(p -> null, Map.of("ORCHESTRATE_LOG_LEVEL", "debug")::get));
    c.getLogger("io.orchestrate.worker.Worker").debug("own debug");
    c.getLogger("org.apache.ratis.server.RaftServer").info("library info");
    c.getLogger("org.apache.ratis.server.RaftServer").warn("library warning");

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0)).contains("DEBUG").endsWith("own debug");
    assertThat(lines().get(1)).contains("WARN").endsWith("library warning");
  }

  @Test
  void aStricterLevelAppliesToLibrariesToo() {
    LoggerContext c = context(LogSettings.read(p -> null, Map.of("ORCHESTRATE_LOG_LEVEL", "ERROR")::get));
    c.getLogger("io.orchestrate.worker.Worker").warn("own warning");
    c.getLogger("org.apache.ratis.server.RaftServer").warn("library warning");

    assertThat(lines()).isEmpty();
  }

  @Test
  void settingsComeFromPropertiesBeforeTheEnvironment_andUnknownValuesFallBackWithAWarning() {
    Map<String, String> env = Map.of("ORCHESTRATE_LOG_FORMAT", "JSON", "ORCHESTRATE_LOG_LEVEL", "loud");
    LogSettings fromEnv = LogSettings.read(p -> null, env::get);
    assertThat(fromEnv.format()).isEqualTo(LogFormat.JSON);
    assertThat(fromEnv.level()).isEqualTo(Level.INFO);
    assertThat(fromEnv.problems()).singleElement().asString().contains("ORCHESTRATE_LOG_LEVEL=loud");

    LogSettings fromProperty = LogSettings.read(Map.of("orchestrate.log.format", "text", "orchestrate.log.level", "warn")::get, env::get);
    assertThat(fromProperty.format()).isEqualTo(LogFormat.TEXT);
    assertThat(fromProperty.level()).isEqualTo(Level.WARN);
    assertThat(fromProperty.problems()).isEmpty();

    context(LogSettings.read(p -> null, Map.of("ORCHESTRATE_LOG_FORMAT", "xml")::get));
    assertThat(lines()).singleElement().asString().matches(TEXT_LINE).contains("WARN")
        .contains("ORCHESTRATE_LOG_FORMAT=xml is not text or json; writing text");
  }
}
