package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.HealthView;
import io.orchestrate.core.codec.Json;
import org.junit.jupiter.api.Test;

/**
 * {@code orchestrate health}, the container image's HEALTHCHECK: each listed manager is asked about
 * itself, and only a 200 from every one exits 0; any other answer names the manager and the reason.
 */
class HealthCommandTest {
  private final ManualTime time = new ManualTime();

  @Test
  void aServingManagerExitsZero() {
    try (FakeManager m = FakeManager.start("m1").answer("GET", "/v1/health", 200, new HealthView("ok", "m1", "LEADER", "m1", 4, 17))) {
      ClientRun r = ClientRun.run(time, "health", "--managers", m.address());

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out().strip()).isEqualTo(m.address() + " (m1, LEADER): ok, leader m1, term 4, applied index 17");
      assertThat(m.requests()).singleElement().satisfies(q -> assertThat(q.path()).isEqualTo("/v1/health"));
    }
  }

  @Test
  void aManagerWithoutALeaderExitsOneWithItsReason() {
    try (FakeManager ok = FakeManager.start("m1").answer("GET", "/v1/health", 200, new HealthView("ok", "m1", "LEADER", "m1", 4, 17));
        FakeManager lost = FakeManager.start("m2").answer("GET", "/v1/health", 503,
            new HealthView("no-leader", "m2", "FOLLOWER", null, 4, 15, "no leader known for 12 s"))) {
      ClientRun r = ClientRun.run(time, "health", "--managers", ok.address() + "," + lost.address());

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
      assertThat(r.out()).contains(lost.address() + " (m2, FOLLOWER): no-leader: no leader known for 12 s")
          .contains(ok.address() + " (m1, LEADER): ok");
      assertThat(lost.requests()).as("a 503 from health is that manager's answer, not a reason to retry").hasSize(1);
    }
  }

  @Test
  void aManagerThatDoesNotAnswerExitsThreeAtOnce() {
    String down = FakeManager.closedAddress();

    // The real clock: a refused connection is a definite answer, well inside a supervisor's probe timeout.
    ClientRun r = ClientRun.run(Time.SYSTEM, "health", "--managers", down);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.out().strip()).isEqualTo(down + ": connection refused");
    // Under 10 s: well short of the 15 s default --timeout a retrying command would wait out, with room for a loaded machine.
    assertThat(r.millis()).isLessThan(10_000);
  }

  @Test
  void jsonHoldsEachManagersAnswerAndExitCode() throws Exception {
    try (FakeManager m = FakeManager.start("m1").answer("GET", "/v1/health", 503,
        new HealthView("starting", "m1", "FOLLOWER", null, 0, 0, "the Raft server is not up yet"))) {
      ClientRun r = ClientRun.run(time, "health", "--managers", m.address(), "-o", "json");

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REJECTED);
      var doc = Json.lenient().readTree(r.out());
      assertThat(doc).hasSize(1);
      assertThat(doc.get(0).path("address").asText()).isEqualTo(m.address());
      assertThat(doc.get(0).path("exitCode").asInt()).isEqualTo(ExitCodes.REJECTED);
      assertThat(doc.get(0).path("health").path("status").asText()).isEqualTo("starting");
      assertThat(doc.get(0).path("health").path("problem").asText()).isEqualTo("the Raft server is not up yet");
    }
  }
}
