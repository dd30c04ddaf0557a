package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.core.codec.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A short {@code bench submit} against one in-process manager, end to end, read as its JSON summary. */
class BenchSubmitIT {
  @Test
  void measuresCommittedSubmissionsTheirLatencyAndTheCollectorInTheWindow() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(CliEnvironment.system())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        // A 5 s window: with no warm-up, a loaded host can spend the first seconds on handshakes and JIT and commit nothing.
        .execute("bench", "submit", "--local", "1", "--clients", "4", "--warmup", "0", "--duration", "5s", "-o", "json");

    assertThat(code).as("exit code; stderr:%n%s", err).isZero();
    // Progress lines go to stderr, so stdout is the JSON summary alone.
    JsonNode r = Json.lenient().readTree(out.toString());
    assertThat(r.path("committed").asLong()).isPositive();
    assertThat(r.path("errorCount").asLong()).isZero();
    JsonNode l = r.path("latencyMs");
    assertThat(l.path("p50").asDouble()).isPositive().isLessThanOrEqualTo(l.path("p99").asDouble());
    assertThat(l.path("p99").asDouble()).isLessThanOrEqualTo(l.path("max").asDouble());
    JsonNode gc = r.path("gc");
    assertThat(gc.isObject()).as("gc in %s", r).isTrue();
    assertThat(gc.path("longestMs").asLong()).isLessThanOrEqualTo(gc.path("totalMs").asLong());
    assertThat(gc.path("totalMs").asLong()).isLessThan(5_000 + 1_000);
    assertThat(r.path("cpu").path("managersInProcess").asBoolean()).isTrue();
    assertThat(err.toString()).contains("jvm: java ").contains("MaxTenuringThreshold=");
    // By default the local managers run as a deployment does: TLS, and a token on every request.
    assertThat(r.path("target").asText()).contains("with TLS + token");
    assertThat(r.path("client").asText()).contains("netty over TLS");
  }

  @Test
  void tlsVsPlainRunsTheSameLoadTwiceAndReportsTheRatio() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(CliEnvironment.system())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute("bench", "submit", "--tls-vs-plain", "--local", "1", "--clients", "4", "--warmup", "0", "--duration", "5s",
            "--http", "jdk", "-o", "json");

    assertThat(code).as("exit code; stderr:%n%s", err).isZero();
    JsonNode r = Json.lenient().readTree(out.toString());
    assertThat(r.path("plain")).hasSize(1);
    assertThat(r.path("tls")).hasSize(1);
    JsonNode plain = r.path("plain").get(0);
    JsonNode tls = r.path("tls").get(0);
    assertThat(plain.path("target").asText()).contains("in plain text");
    assertThat(plain.path("client").asText()).doesNotContain("TLS");
    assertThat(tls.path("target").asText()).contains("with TLS + token");
    assertThat(tls.path("client").asText()).contains("jdk HttpClient over TLS");
    assertThat(plain.path("committed").asLong()).isPositive();
    assertThat(tls.path("committed").asLong()).isPositive();
    assertThat(tls.path("errorCount").asLong()).as("a missing token or certificate would show here").isZero();
    double plainRate = plain.path("committed").asDouble() / plain.path("seconds").asDouble();
    double tlsRate = tls.path("committed").asDouble() / tls.path("seconds").asDouble();
    assertThat(r.path("plainPerSecond").asDouble()).isCloseTo(plainRate, org.assertj.core.data.Offset.offset(plainRate * 0.01));
    assertThat(r.path("tlsOverPlain").asDouble()).isCloseTo(tlsRate / plainRate, org.assertj.core.data.Offset.offset(0.01));
    assertThat(err.toString()).contains("run 1 of 2: plain text").contains("run 2 of 2: mutual TLS and API tokens");
  }
}
