package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bench submit} as shipped: three {@code orchestrate manager} processes with mutual TLS and
 * tokens, the load from this JVM, cold and warm figures, and each manager's heap and RSS weighed at
 * the end. Slow: three manager JVMs start (about 30-60 s on a loaded 2-core host); the windows are short.
 */
@Tag("slow")
class BenchSubmitProcessesIT {
  @Test
  void threeManagerProcessesAreBenchedColdAndWarmAndWeighed() throws Exception {
    CliRun r = BenchRuns.run("bench", "submit", "--clients", "16", "--warmup", "3s", "--duration", "4s", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).as("progress goes to stderr with -o json").contains("starting 3 manager processes on loopback with mutual TLS");
    JsonNode report = Json.lenient().readTree(r.out());
    assertThat(report.path("target").asText()).startsWith("3 manager processes with TLS + token");
    assertThat(report.path("committed").asLong()).isPositive();
    assertThat(report.path("submissionsPerSecond").asDouble()).isPositive();
    assertThat(report.path("latencyMs").path("p99").asDouble()).isPositive();
    assertThat(report.path("cpu").path("managersInProcess").asBoolean()).as("the managers run in their own JVMs").isFalse();

    JsonNode cold = report.path("cold");
    assertThat(cold.path("seconds").asDouble()).as("the cold window: the first 7 s, all of the load here").isBetween(6.5, 7.5);
    // On a saturated host the first seconds may commit nothing (TLS handshakes and JIT on cold JVMs), so no floor here.
    assertThat(cold.path("submissionsPerSecond").asDouble()).as(cold.toString())
        .isCloseTo(cold.path("committed").asLong() / cold.path("seconds").asDouble(), org.assertj.core.data.Offset.offset(1.0));

    JsonNode managers = report.path("managers");
    assertThat(managers).hasSize(3);
    for (JsonNode m : managers) {
      assertThat(m.path("pid").asLong()).isPositive();
      assertThat(m.path("rssBytes").asLong()).as(m.toString()).isGreaterThan(32L << 20);
      assertThat(m.path("heapBytes").asLong()).as(m.toString()).isPositive();
    }
    JsonNode elections = report.path("elections");
    assertThat(elections.path("leaderBefore").asText()).matches("m[123]");
    assertThat(elections.path("termAfter").asLong()).isGreaterThanOrEqualTo(elections.path("termBefore").asLong());
  }
}
