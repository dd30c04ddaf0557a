package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.cli.CliRun;
import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.api.GcView;
import io.orchestrate.core.codec.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code orchestrate gc} against a fake leader: the request it sends and the summary it prints. */
class GcCommandTest {
  private static final long CUTOFF = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  private final ManualTime time = new ManualTime();
  private final FakeManager leader = FakeManager.start("m1");

  @AfterEach
  void stop() {
    leader.close();
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--managers";
    all[args.length + 1] = leader.address();
    return CliRun.run(time, all);
  }

  @Test
  void withoutOptionsTheManagersRetentionsDecideAndTheSummaryCountsWhatWent() {
    leader.answer("POST", "/v1/gc", 200, new GcView(CUTOFF, CUTOFF, 2, 6, 1, 1, List.of("j-1", "j-2"), List.of("w3"), 0));

    CliRun r = run("gc");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    FakeManager.Request sent = leader.requests().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.query()).as("no override").isNull();
    assertThat(r.out().lines().toList()).containsExactly(
        "removed 2 jobs (6 tasks, 1 idempotency key) that ended by 2024-01-01T00:00:00Z",
        "  j-1 j-2",
        "removed 1 DOWN node that went down by 2024-01-01T00:00:00Z",
        "  w3");
  }

  @Test
  void theOverridesGoOutAsQueryParametersAndZeroIsAllowed() {
    leader.answer("POST", "/v1/gc", 200, new GcView(CUTOFF, null, 0, 0, 0, 0, List.of(), List.of(), 0));

    CliRun r = run("gc", "--jobs-older-than", "0", "--nodes-older-than", "2h");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(leader.requests().get(0).query()).isEqualTo("jobsOlderThan=0ms&nodesOlderThan=7200000ms");
    assertThat(r.out()).contains("removed 0 jobs (0 tasks, 0 idempotency keys)")
        .contains("nodes: not collected (node retention is off; --nodes-older-than collects them)");
  }

  @Test
  void aLongListIsCutAndWhatIsLeftIsSaid() {
    leader.answer("POST", "/v1/gc", 200, new GcView(CUTOFF, CUTOFF, 250, 250, 0, 0, List.of("j-1", "j-2"), List.of(), 40));

    CliRun r = run("gc");

    assertThat(r.out()).contains("  j-1 j-2 ... and 248 more").contains("40 more collectable; run gc again");
  }

  @Test
  void jsonOutputIsTheApisAnswer() throws Exception {
    GcView v = new GcView(CUTOFF, CUTOFF, 1, 3, 1, 0, List.of("j-1"), List.of(), 0);
    leader.answer("POST", "/v1/gc", 200, v);

    CliRun r = run("gc", "-o", "json");

    assertThat(Json.lenient().readValue(r.out(), GcView.class)).isEqualTo(v);
  }

  @Test
  void aMalformedDurationIsAUsageError() {
    CliRun r = run("gc", "--jobs-older-than", "soon");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--jobs-older-than").contains("soon");
    assertThat(leader.requests()).isEmpty();
  }
}
