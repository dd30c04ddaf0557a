package io.orchestrate.cli.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.localcluster.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball that {@code mvn package} makes (cli/target/orchestrate-VERSION-linux-x86_64.tar.gz),
 * unpacked with {@code tar} as an operator would: its layout, the one RocksDB native library in the
 * full jar, and the unpacked launcher running the client from {@code lib/} and a manager that opens
 * its RocksDB store, elects itself and answers {@code orchestrate health}, then stops on SIGTERM.
 */
class ReleaseTarballIT {
  /** Set by the failsafe configuration in cli/pom.xml. */
  static Path tarball() {
    String p = System.getProperty("orchestrate.release.tarball");
    assertThat(p).as("run through mvn verify, which sets orchestrate.release.tarball").isNotBlank();
    Path tarball = Path.of(p);
    assertThat(tarball).as("mvn package makes the tarball before this test runs").isRegularFile();
    return tarball;
  }

  static String version() {
    return System.getProperty("orchestrate.release.version");
  }

  /** Unpacks {@code tarball} into {@code into} with the system's tar; returns the release's top directory. */
  static Path unpack(Path tarball, Path into) throws IOException, InterruptedException {
    Files.createDirectories(into);
    Run tar = Run.of(into, Map.of(), Duration.ofSeconds(120), "tar", "-xzf", tarball.toString(), "-C", into.toString());
    assertThat(tar.exitCode()).as(tar.toString()).isZero();
    try (var top = Files.list(into)) {
      List<Path> dirs = top.toList();
      assertThat(dirs).as("one top directory, named for the version").singleElement()
          .satisfies(d -> assertThat(d.getFileName().toString()).isEqualTo("orchestrate-" + version()));
      return dirs.get(0);
    }
  }

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theTarballHoldsWhatAHostNeedsAndOnlyTheLinuxX8664Native() throws Exception {
    Path tarball = tarball();
    Path release = unpack(tarball, dir.resolve("opt"));

    assertThat(Files.isExecutable(release.resolve("bin/orchestrate"))).as("the launcher is executable").isTrue();
    for (String f : List.of("lib/orchestrate.jar", "lib/orchestrate-client.jar", "README.md",
        "ops/systemd/orchestrate-manager.service", "ops/systemd/orchestrate-worker.service",
        "ops/systemd/orchestrate-backup.service", "ops/systemd/orchestrate-backup.timer",
        "ops/systemd/sysusers.d/orchestrate.conf", "ops/systemd/tmpfiles.d/orchestrate.conf",
        "ops/config/manager.yaml", "ops/config/worker.yaml", "ops/examples/hello.yaml",
        "ops/runbooks/deploy-three-hosts.md", "ops/prometheus/alerts.yml", "ops/grafana/orchestrate-cluster.json")) {
      assertThat(release.resolve(f)).as(f).isRegularFile();
    }
    try (ZipFile full = new ZipFile(release.resolve("lib/orchestrate.jar").toFile())) {
      List<String> natives = full.stream().map(ZipEntry::getName).filter(n -> n.startsWith("librocksdbjni")).toList();
      assertThat(natives).as("one RocksDB native, for glibc x86_64").containsExactly("librocksdbjni-linux64.so");
      assertThat(full.getEntry("org/rocksdb/RocksDB.class")).isNotNull();
    }
    try (ZipFile client = new ZipFile(release.resolve("lib/orchestrate-client.jar").toFile())) {
      assertThat(client.getEntry("org/rocksdb/RocksDB.class")).as("the client jar holds no server library").isNull();
    }
    long fullSize = Files.size(release.resolve("lib/orchestrate.jar"));
    assertThat(fullSize).as("the full jar without 13 other platforms' natives (was 141 MB)").isLessThan(80_000_000L);
    System.out.printf("release sizes: tarball %,d bytes, full jar %,d bytes, client jar %,d bytes%n",
        Files.size(tarball), fullSize, Files.size(release.resolve("lib/orchestrate-client.jar")));
  }

  @Test
  void theUnpackedLauncherRunsTheClientAndAManagerThatAnswersHealth() throws Exception {
    Path release = unpack(tarball(), dir.resolve("opt"));
    Path launcher = release.resolve("bin/orchestrate");
    // Where the launcher keeps the client's class-data archive; the user's own cache stays untouched.
    Map<String, String> env = Map.of("ORCHESTRATE_CACHE_DIR", dir.resolve("cache").toString(),
        "JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

    Run v = Run.of(dir, env, Duration.ofSeconds(60), launcher.toString(), "--version");
    assertThat(v.exitCode()).as(v.toString()).isZero();
    assertThat(v.output()).contains(version());

    String api = "127.0.0.1:" + FreePorts.next();
    Run down = Run.of(dir, env, Duration.ofSeconds(60), launcher.toString(), "health", "--managers", api);
    assertThat(down.exitCode()).as("nothing listens yet: " + down).isEqualTo(3);
    assertThat(down.output()).contains(api + ": connection refused");

    Path log = dir.resolve("manager.log");
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "manager", "--id", "m1", "--data-dir", dir.resolve("data").toString(),
        "--peers", "m1=127.0.0.1:" + FreePorts.next(), "--api", api, "--gateway", "127.0.0.1:" + FreePorts.next(), "--insecure")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ORCHESTRATE_"));
    pb.environment().putAll(env);
    Process manager = pb.start();
    started.add(manager);

    Run healthy = await("the unpacked manager answers health with 200").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> Run.of(dir, env, Duration.ofSeconds(30), launcher.toString(), "health", "--managers", api),
            r -> r.exitCode() == 0 || !manager.isAlive());
    assertThat(manager.isAlive()).as("the manager runs; its log:%n%s", Files.readString(log)).isTrue();
    assertThat(healthy.output()).contains(api + " (m1, LEADER): ok, leader m1");

    Run version = Run.of(dir, env, Duration.ofSeconds(60), launcher.toString(), "version", "--managers", api);
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.output()).contains("client  " + version()).containsPattern("m1 +" + api.replace(".", "\\.") + " +" + version() + " +ok");
    assertThat(Files.readString(log)).as("RocksDB's native library loaded from the full jar").doesNotContain("UnsatisfiedLinkError");

    manager.destroy(); // SIGTERM, as systemctl stop sends
    assertThat(manager.waitFor(30, TimeUnit.SECONDS)).as("stops within the unit's TimeoutStopSec").isTrue();
    assertThat(manager.exitValue()).as("a SIGTERM stop, which the unit's SuccessExitStatus=143 counts as clean").isIn(0, 143);
  }

  /** A finished command: its exit code and its combined output. */
  record Run(int exitCode, String output) {
    static Run of(Path dir, Map<String, String> env, Duration limit, String... command) throws IOException, InterruptedException {
      // To a file, not a pipe: a command that hangs with its output open cannot hold up the bound below.
      Path out = Files.createTempFile(dir, "run", ".out");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("ORCHESTRATE_"));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("still running after " + limit + ": " + String.join(" ", command));
      }
      try {
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.delete(out);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + output;
    }
  }
}
