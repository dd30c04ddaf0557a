package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bench failover}: the leader of three manager processes is SIGKILLed twice, and each time a
 * survivor accepts a write; the killed manager comes back between trials. Slow: three manager JVMs
 * start, and each is restarted once (about a minute on a loaded 2-core host).
 */
@Tag("slow")
class BenchFailoverIT {
  /** Far above the target (1 s) so that a loaded CI host passes; the figure itself goes into the README from a quiet run. */
  private static final long BOUND_MS = 10_000;

  @Test
  void twoLeadersAreKilledAndASurvivorAcceptsAWriteEachTime() throws Exception {
    CliRun r = BenchRuns.run("bench", "failover", "--trials", "2", "--plain", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode report = Json.lenient().readTree(r.out());
    JsonNode trials = report.path("trials");
    assertThat(trials).hasSize(2);
    for (JsonNode t : trials) {
      assertThat(t.path("ms").asLong()).as(t.toString()).isPositive().isLessThan(BOUND_MS);
      assertThat(t.path("newLeader").asText()).as("a survivor leads").isNotEqualTo(t.path("killed").asText()).matches("m[123]");
      assertThat(t.path("termAfter").asLong()).as("an election happened").isGreaterThan(t.path("termBefore").asLong());
      assertThat(t.path("acceptedAt").asText()).startsWith("127.0.0.1:");
    }
    assertThat(report.path("maxMs").asLong()).isGreaterThanOrEqualTo((long) report.path("medianMs").asDouble());
    assertThat(r.err()).contains("trial 1 of 2: killed leader").contains("trial 2 of 2");
  }
}
