package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.bench.submit.EtcdCluster;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bench submit --vs etcd}: the same load against three manager processes and then against
 * three etcd members, and the ratio. Needs the etcd binary (Debian's etcd-server): skipped without
 * it on a developer's machine, required under CI (.ci/run installs it). Slow: three manager JVMs and
 * three etcd members start (about a minute on a loaded 2-core host); the windows are short.
 */
@Tag("slow")
class BenchVsEtcdIT {
  @Test
  void theSameLoadRunsAgainstManagersAndEtcdAndTheRatioIsPrinted() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!ci) assumeTrue(EtcdCluster.binary().isPresent(), "no etcd binary on the PATH (apt-get install etcd-server, or ops/ci/setup-etcd.sh)");
    assertThat(EtcdCluster.binary()).as("CI installs etcd (ops/ci/setup-etcd.sh)").isPresent();

    CliRun r = BenchRuns.run("bench", "submit", "--vs", "etcd", "--clients", "16", "--warmup", "2s", "--duration", "3s", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("starting 3 manager processes on loopback in plain text").contains("starting 3 etcd members on loopback");
    JsonNode c = Json.lenient().readTree(r.out());
    JsonNode ours = c.path("orchestrate");
    JsonNode etcd = c.path("etcd");
    assertThat(ours.path("committed").asLong()).isPositive();
    assertThat(etcd.path("committed").asLong()).as("etcd's puts answered 200 count as committed").isPositive();
    assertThat(etcd.path("errorCount").asLong()).as(etcd.path("errors").toString()).isZero();
    assertThat(etcd.path("client").asText()).contains("etcd /v3/kv/put");
    assertThat(etcd.path("managers")).as("each etcd member's RSS").hasSize(3);
    double expected = ours.path("submissionsPerSecond").asDouble() / etcd.path("submissionsPerSecond").asDouble();
    assertThat(c.path("warmRatio").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
  }
}
