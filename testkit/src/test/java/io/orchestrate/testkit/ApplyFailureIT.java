package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.manager.Manager;
import io.orchestrate.manager.ManagerHooks;
import io.orchestrate.manager.raft.ApplyFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An entry that apply cannot read must stop every manager loudly, not leave them serving a state
 * that skipped a decision; and the runbook's way out ({@code --skip-entry INDEX} given once to every
 * manager) must bring the cluster back with equal state on every replica.
 *
 * <p>The shipped leader never lets such an entry in ({@link LogEntryGateIT}); this test switches
 * that check off on every manager to commit one, as an older release or a bug could have.
 */
class ApplyFailureIT {
  @Test
  void anEntryApplyCannotReadStopsEveryManagerAndSkipEntryRecovers(@TempDir Path dir) throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      assertThat(c.submit(Jobs.yaml("before"), null).status()).isEqualTo(201);
      String before = c.awaitSameDigest();
      for (String id : c.ids()) c.kill(id);
      for (String id : c.ids()) c.restart(id, UnaryOperator.identity(), ManagerHooks.uncheckedEntries());
      c.leader();

      List<CompletableFuture<ApplyFailure>> failures = new ArrayList<>();
      for (String id : c.ids()) failures.add(c.manager(id).applyFailed());
      try (RawRaftClient raw = new RawRaftClient(c)) {
        CompletableFuture.runAsync(() -> {
          try {
            raw.write("this is not a command".getBytes(StandardCharsets.UTF_8));
          } catch (Exception e) {
            // the reply is a failure or never comes: what matters is what the managers do
          }
        });
        CompletableFuture.allOf(failures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      }
      long index = failures.get(0).get().index();
      for (CompletableFuture<ApplyFailure> f : failures) {
        assertThat(f.get().index()).as("every replica fails at the same entry").isEqualTo(index);
        assertThat(f.get().sha256()).isEqualTo(failures.get(0).get().sha256());
      }
      for (String id : c.ids()) {
        HttpApi.Reply h = c.http().get(c.api(id), "/v1/health");
        assertThat(h.status()).isEqualTo(503);
        assertThat(h.json().path("status").asText()).isEqualTo("failed");
        assertThat(h.json().path("problem").asText()).contains("cannot apply committed log entry " + index).contains("--skip-entry " + index);
      }
      Manager m1 = c.manager(c.ids().get(0));
      int exit = m1.serveUntilStopped(() -> {}, line -> {});
      assertThat(exit).as("the process exit code after a failed apply").isEqualTo(ApplyFailure.EXIT_CODE);

      // A restart alone replays into the same failure.
      for (String id : c.ids()) c.kill(id);
      Manager again = c.restart(c.ids().get(0));
      assertThat(again.applyFailed().get(30, TimeUnit.SECONDS).index()).isEqualTo(index);
      c.kill(c.ids().get(0));

      // The runbook: every manager once with --skip-entry INDEX.
      for (String id : c.ids()) c.restart(id, b -> b.skipEntries(Set.of(index)), ManagerHooks.NONE);
      c.leader();
      c.awaitSameDigest();
      for (String id : c.ids()) {
        JsonNode h = c.http().get(c.api(id), "/v1/health").json();
        assertThat(h.path("status").asText()).isIn("ok", "no-leader");
        assertThat(h.path("appliedIndex").asLong()).isGreaterThanOrEqualTo(index);
      }
      assertThat(c.http().get(c.leader().apiAddress().toString(), "/v1/jobs").text()).contains("\"before\"");
      assertThat(c.submit(Jobs.yaml("after"), null).status()).isEqualTo(201);
      assertThat(c.awaitSameDigest()).isNotEqualTo(before);
    }
  }
}
