package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.Manager;
import io.orchestrate.testkit.MiniCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The membership runbooks (grow-shrink-managers.md, replace-failed-manager.md,
 * leader-maintenance.md) performed with the real CLI against real managers, with mutual TLS and
 * API tokens as the runbooks' conventions set them up ({@link Operator}).
 */
class MembershipRunbookIT {
  @TempDir Path dir;

  @Test
  void growThreeToFiveAndBackToThreeUnderWritesLosesNoAcknowledgedWrite() throws Exception {
    try (MiniCluster c = Operator.secured(dir, 3)) {
      Operator op = Operator.bootstrap(c);
      try (WriteLoad load = new WriteLoad(op, c.apis(), 50)) {
        await().atMost(MiniCluster.WAIT).until(() -> load.acknowledged().size() >= 3);

        for (String id : List.of("m4", "m5")) {
          Manager joining = c.startJoining(id);
          assertThat(joining.leadership().info().getCurrentRole().name()).as("a joining manager never leads").isNotEqualTo("LEADER");
          CliRun add = op.cli("cluster", "add-manager", id, "--raft", c.raftAddress(id));
          assertThat(add.exitCode()).as(add.toString()).isZero();
          assertThat(add.out()).contains("manager " + id + " is a member");
          load.addresses.add(c.api(id));
        }
        assertThat(memberIds(op)).containsExactlyInAnyOrder("m1", "m2", "m3", "m4", "m5");
        c.awaitSameDigest();
        int before = load.acknowledged().size();
        await().atMost(MiniCluster.WAIT).until(() -> load.acknowledged().size() >= before + 3);

        // Shrink back by removing two of the original managers; the leader is moved away first if needed.
        for (String id : List.of("m1", "m2")) {
          if (c.leader().id().equals(id)) {
            CliRun t = op.cli("cluster", "transfer-leadership", "m3");
            assertThat(t.exitCode()).as(t.toString()).isZero();
          }
          Manager leaving = c.manager(id);
          CliRun rm = op.cli("cluster", "remove-manager", id);
          assertThat(rm.exitCode()).as(rm.toString()).isZero();
          await("removed manager stops").atMost(MiniCluster.WAIT).until(() -> leaving.removed().isDone());
          load.addresses.remove(c.api(id));
          c.forget(id);
        }
        assertThat(memberIds(op)).containsExactlyInAnyOrder("m3", "m4", "m5");
        int after = load.acknowledged().size();
        await().atMost(MiniCluster.WAIT).until(() -> load.acknowledged().size() >= after + 3);
        load.close();

        Set<String> acked = load.acknowledged();
        CliRun status = op.cli("status", "-o", "json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        Set<String> present = new HashSet<>();
        for (JsonNode j : Json.lenient().readTree(status.out()).path("jobs")) present.add(j.path("id").asText());
        assertThat(present).as("every acknowledged job survives 3 -> 5 -> 3").containsAll(acked);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(9);
      }
    }
  }

  @Test
  void replaceAManagerWhoseDataDirectoryWasDestroyed() throws Exception {
    try (MiniCluster c = Operator.secured(dir, 3)) {
      Operator op = Operator.bootstrap(c);
      for (int i = 0; i < 5; i++) assertThat(op.cli("run", "-f", job(dir, "before-" + i)).exitCode()).isZero();
      String failed = c.leader().id().equals("m3") ? "m2" : "m3";
      c.kill(failed);
      c.wipe(failed);

      // Removing another member now would leave one reachable of two: refused, and says why.
      String other = List.of("m1", "m2", "m3").stream().filter(x -> !x.equals(failed) && !x.equals(c.leader().id())).findFirst().orElseThrow();
      CliRun refused = op.cli("cluster", "remove-manager", other);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("refusing to remove '" + other + "'").contains("quorum").contains("unreachable: " + failed);

      CliRun rm = op.cli("cluster", "remove-manager", failed);
      assertThat(rm.exitCode()).as(rm.toString()).isZero();
      c.forget(failed);
      c.startJoining("m4");
      CliRun add = op.cli("cluster", "add-manager", "m4", "--raft", c.raftAddress("m4"));
      assertThat(add.exitCode()).as(add.toString()).isZero();
      Set<String> expected = new HashSet<>(List.of("m1", "m2", "m3", "m4"));
      expected.remove(failed);
      assertThat(memberIds(op)).isEqualTo(expected);
      c.awaitSameDigest();
      CliRun status = op.cli(List.of(c.api("m4")), "status", "--stale", "-o", "json");
      assertThat(Json.lenient().readTree(status.out()).path("jobs")).hasSize(5);
    }
  }

  @Test
  void leaderMaintenanceTransferStopStartAndTheNewLeaderServes() throws Exception {
    try (MiniCluster c = Operator.secured(dir, 3)) {
      Operator op = Operator.bootstrap(c);
      String old = c.leader().id();
      String target = old.equals("m1") ? "m2" : "m1";
      CliRun t = op.cli("cluster", "transfer-leadership", target);
      assertThat(t.exitCode()).as(t.toString()).isZero();
      assertThat(t.out()).contains("leader is now " + target);
      c.kill(old);
      CliRun submitted = op.cli("run", "-f", job(dir, "during-maintenance"));
      assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
      CliRun leader = op.cli("cluster", "leader");
      assertThat(leader.out()).contains(target);
      c.restart(old);
      c.awaitSameDigest();
      assertThat(c.leader().id()).isEqualTo(target);
    }
  }

  static String job(Path dir, String name) throws java.io.IOException {
    Path f = dir.resolve(name + ".yaml");
    java.nio.file.Files.writeString(f, "name: " + name + "\ntasks:\n  - name: t\n    image: local/busybox:1\n"
        + "    command: [sleep, '3600']\n    resources: {cpu: 0.01, memoryMb: 1}\n");
    return f.toString();
  }

  private static Set<String> memberIds(Operator op) throws Exception {
    CliRun members = await().atMost(Duration.ofSeconds(30)).until(() -> op.cli("cluster", "members", "-o", "json"), r -> r.exitCode() == 0);
    Set<String> ids = new HashSet<>();
    for (JsonNode m : Json.lenient().readTree(members.out()).path("members")) ids.add(m.path("id").asText());
    return ids;
  }
}
