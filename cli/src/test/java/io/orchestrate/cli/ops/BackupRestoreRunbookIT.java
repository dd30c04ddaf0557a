package io.orchestrate.cli.ops;

import io.orchestrate.core.util.FileTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import io.orchestrate.testkit.MiniCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and disaster-recovery runbooks (backup-schedule.md, recover-lost-quorum.md) with the
 * real CLI: save a snapshot from a running cluster, destroy every manager, restore a new cluster
 * from the file and find every job; and the refusals of files that must not be restored.
 */
class BackupRestoreRunbookIT {
  @TempDir Path dir;
  private Path snapshot;
  private Set<String> jobIds;
  /** The old cluster's operator token: the restored cluster holds its hash, as every token of the snapshot. */
  private String operatorToken;

  @BeforeEach
  void saveASnapshotThenDestroyTheCluster() throws Exception {
    jobIds = new HashSet<>();
    snapshot = dir.resolve("backups").resolve("orchestrate.snapshot");
    try (MiniCluster c = Operator.secured(dir.resolve("old"), 3)) {
      Operator op = Operator.bootstrap(c);
      operatorToken = op.token();
      for (int i = 0; i < 6; i++) {
        CliRun r = op.cli("run", "-f", MembershipRunbookIT.job(dir, "job-" + i), "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        jobIds.add(Json.lenient().readTree(r.out()).path("id").asText());
      }
      CliRun stop = op.cli("stop", "job-0");
      assertThat(stop.exitCode()).as(stop.toString()).isZero();
      CliRun save = op.cli("snapshot", "save", snapshot.toString());
      assertThat(save.exitCode()).as(save.toString()).isZero();
      assertThat(save.out()).contains("cluster orchestrate").contains("sha256");
    }
    FileTrees.deleteRecursively(dir.resolve("old"));
  }

  @Test
  void restoreANewClusterFromTheFileAndFindEveryJob() throws Exception {
    CliRun inspect = Cli.run(List.of("127.0.0.1:1"), "snapshot", "inspect", snapshot.toString());
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    long index = Json.lenient().readTree(inspect.out()).path("appliedIndex").asLong();
    assertThat(index).isPositive();

    Path root = dir.resolve("new");
    String peers = "m1=127.0.0.1:1,m2=127.0.0.1:2,m3=127.0.0.1:3";
    for (String id : List.of("m1", "m2", "m3")) {
      CliRun r = Cli.run(List.of(), "snapshot", "restore", snapshot.toString(), "--id", id, "--data-dir", root.resolve(id).toString(), "--peers", peers);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).contains("index " + index);
    }
    try (MiniCluster c = Operator.secured(root, 3)) {
      // A new CA for the new hosts; the tokens came with the snapshot.
      Operator op = Operator.withToken(c, operatorToken);
      JsonNode jobs = await().atMost(MiniCluster.WAIT).until(() -> {
        CliRun s = op.cli("status", "-o", "json");
        return s.exitCode() == 0 ? Json.lenient().readTree(s.out()).path("jobs") : null;
      }, j -> j != null);
      Set<String> found = new HashSet<>();
      for (JsonNode j : jobs) found.add(j.path("id").asText());
      assertThat(found).isEqualTo(jobIds);
      CliRun stopped = op.cli("status", "job-0", "-o", "json");
      assertThat(Json.lenient().readTree(stopped.out()).path("status").asText()).isEqualToIgnoringCase("stopped");

      // The new cluster's log continues after the snapshot's index: new writes apply, and replicas agree.
      CliRun more = op.cli("run", "-f", MembershipRunbookIT.job(dir, "after-restore"), "-o", "json");
      assertThat(more.exitCode()).as(more.toString()).isZero();
      c.awaitSameDigest();
      assertThat(c.digest("m1").path("appliedIndex").asLong()).isGreaterThan(index);
    }
  }

  @Test
  void aCorruptedFileIsRefusedAndNothingIsWritten() throws Exception {
    byte[] b = Files.readAllBytes(snapshot);
    Path bad = dir.resolve("corrupted.snapshot");
    // Flip one byte in every 512 past the manifest: some land in checkpoint data.
    for (int i = b.length / 3; i < b.length * 2 / 3; i += 512) b[i] ^= 0x5a;
    Files.write(bad, b);
    assertRefused(bad, "orchestrate", "corrupted");
  }

  @Test
  void aTruncatedFileIsRefusedAndNothingIsWritten() throws Exception {
    byte[] b = Files.readAllBytes(snapshot);
    Path bad = dir.resolve("truncated.snapshot");
    Files.write(bad, java.util.Arrays.copyOf(b, b.length - 100));
    assertRefused(bad, "orchestrate", "truncated");
    Files.write(bad, java.util.Arrays.copyOf(b, b.length / 2));
    assertRefused(bad, "orchestrate", "truncated");
  }

  @Test
  void anotherClustersFileIsRefusedAndNothingIsWritten() throws Exception {
    CliRun r = assertRefused(snapshot, "prod", "is a snapshot of cluster 'orchestrate', not 'prod'");
    assertThat(r.err()).contains("--cluster-name orchestrate");
  }

  private CliRun assertRefused(Path file, String clusterName, String reason) throws IOException {
    Path data = dir.resolve("refused-" + clusterName);
    CliRun r = Cli.run(List.of(), "snapshot", "restore", file.toString(), "--id", "m1", "--data-dir", data.toString(),
        "--peers", "m1=127.0.0.1:7000", "--cluster-name", clusterName);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains(reason).contains("nothing was restored");
    List<Path> left = new ArrayList<>();
    if (Files.exists(data)) {
      try (Stream<Path> s = Files.walk(data)) {
        s.filter(p -> !p.equals(data)).forEach(left::add);
      }
    }
    assertThat(left).as("nothing half-restored").isEmpty();
    CliRun inspect = Cli.run(List.of(), "snapshot", "inspect", file.toString());
    if (!clusterName.equals("prod")) assertThat(inspect.exitCode()).isEqualTo(1);
    return r;
  }

}
