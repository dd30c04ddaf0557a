package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code bin/orchestrate}, run from a copy of the repository layout with a stub
 * {@code java} first on the PATH that prints the arguments it was given: which JVM flags does the
 * launcher add for which command?
 */
class LauncherScriptTest {
  private static final String PROMOTE_AT_ONCE = "-XX:MaxTenuringThreshold=0";

  @TempDir Path root;

  @BeforeEach
  void layout() throws IOException {
    Path launcher = root.resolve("bin/orchestrate");
    Files.createDirectories(launcher.getParent());
    Files.copy(repoRoot().resolve("bin/orchestrate"), launcher);
    executable(launcher);
    Files.createDirectories(root.resolve("cli/target"));
    Files.writeString(root.resolve("cli/target/orchestrate.jar"), "");
    Path java = root.resolve("stub/java");
    Files.createDirectories(java.getParent());
    // Like the real JVM, it writes the archive that -XX:ArchiveClassesAtExit names.
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; case \"$a\" in -XX:ArchiveClassesAtExit=*) echo cds > \"${a#*=}\";; esac; done\n");
    executable(java);
  }

  @Test
  void managersAndTheBenchPromoteSurvivorsAtOnce() throws Exception {
    assertThat(run("", "manager", "--config", "m.yaml")).containsSubsequence(PROMOTE_AT_ONCE, "-jar", "manager", "--config", "m.yaml");
    assertThat(run("", "bench", "submit")).startsWith(PROMOTE_AT_ONCE);
  }

  @Test
  void clientCommandsGetNoServerFlags() throws Exception {
    assertThat(run("", "status", "web")).doesNotContain(PROMOTE_AT_ONCE);
    assertThat(run("", "worker", "--config", "w.yaml")).doesNotContain(PROMOTE_AT_ONCE);
  }

  @Test
  void javaOptsThatChooseTheirOwnCollectorOrThresholdAreLeftAlone() throws Exception {
    assertThat(run("-Xmx256m -XX:+UseSerialGC", "manager")).containsExactly("-Xmx256m", "-XX:+UseSerialGC", "-jar", jar(), "manager");
    assertThat(run("-XX:MaxTenuringThreshold=4", "manager")).containsExactly("-XX:MaxTenuringThreshold=4", "-jar", jar(), "manager");
    // Flags that do not touch the collector still get it, and come after it so they can override.
    assertThat(run("-Xmx2g -Dx=y", "manager")).containsExactly(PROMOTE_AT_ONCE, "-Xmx2g", "-Dx=y", "-jar", jar(), "manager");
  }

  @Test
  void clientCommandsRunTheSlimJarWithAClassDataArchiveRecordedOnFirstUse() throws Exception {
    Files.createDirectories(root.resolve("cli-client/target"));
    Files.writeString(root.resolve("cli-client/target/orchestrate-client.jar"), "");
    String slim = root.resolve("cli-client/target/orchestrate-client.jar").toString();

    List<String> first = run("", "status", "web");
    assertThat(first).containsSubsequence("-jar", slim, "status", "web").doesNotContain(jar());
    assertThat(first).anySatisfy(a -> assertThat(a).startsWith("-XX:ArchiveClassesAtExit=" + root.resolve("cache") + "/client-"));
    try (var archives = Files.list(root.resolve("cache"))) {
      assertThat(archives.map(p -> p.getFileName().toString()).toList()).as("moved into place, no partial file left")
          .singleElement().satisfies(n -> assertThat(n).matches("client-\\d+-0-\\d+\\.jsa"));
    }

    List<String> second = run("", "nodes");
    assertThat(second).anySatisfy(a -> assertThat(a).startsWith("-XX:SharedArchiveFile=" + root.resolve("cache") + "/client-"));
    assertThat(second).noneSatisfy(a -> assertThat(a).startsWith("-XX:ArchiveClassesAtExit"));
    assertThat(run("-XX:TieredStopAtLevel=4", "version")).as("JAVA_OPTS comes last, so it wins")
        .containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-jar", slim, "version");

    assertThat(run("", "logs", "-f", "web/api/0")).as("logs is a client command").containsSubsequence("-jar", slim, "logs", "-f", "web/api/0");

    for (String server : List.of("manager", "worker", "dev", "demo", "bench", "snapshot", "tls", "completion", "help", "--help")) {
      assertThat(run("", server)).as(server).containsSubsequence("-jar", jar()).doesNotContain(slim);
    }
  }

  @Test
  void everyClientCommandOfTheClientTreeRunsFromTheSlimJar() throws Exception {
    Files.createDirectories(root.resolve("cli-client/target"));
    Files.writeString(root.resolve("cli-client/target/orchestrate-client.jar"), "");
    String slim = root.resolve("cli-client/target/orchestrate-client.jar").toString();
    List<String> names = OrchestrateCommand.CLIENT_COMMANDS.keySet().stream()
        .filter(n -> !n.equals("help") && !n.equals("completion")).toList();
    assertThat(names).contains("health", "version", "status");
    for (String name : names) {
      assertThat(run("", name)).as(name).containsSubsequence("-jar", slim, name).doesNotContain(jar());
    }
  }

  /** The release tarball's layout: bin/ beside lib/, which holds both jars; no build tree. */
  @Test
  void anUnpackedReleaseRunsTheJarsInLib() throws Exception {
    Files.delete(root.resolve("cli/target/orchestrate.jar"));
    Files.createDirectories(root.resolve("lib"));
    String full = Files.writeString(root.resolve("lib/orchestrate.jar"), "").toString();
    String slim = Files.writeString(root.resolve("lib/orchestrate-client.jar"), "").toString();
    assertThat(run("", "manager", "--config", "m.yaml")).containsSubsequence(PROMOTE_AT_ONCE, "-jar", full, "manager", "--config", "m.yaml");
    assertThat(run("", "health")).containsSubsequence("-jar", slim, "health").doesNotContain(full);
    assertThat(run("", "dev")).containsSubsequence("-jar", full, "dev");
  }

  private String jar() {
    return root.resolve("cli/target/orchestrate.jar").toString();
  }

  private List<String> run(String javaOpts, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder();
    pb.command().add(root.resolve("bin/orchestrate").toString());
    pb.command().addAll(List.of(args));
    pb.environment().put("PATH", root.resolve("stub") + ":/usr/bin:/bin");
    pb.environment().put("JAVA_OPTS", javaOpts);
    pb.environment().put("ORCHESTRATE_CACHE_DIR", root.resolve("cache").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    assertThat(p.exitValue()).as("launcher exit code; output:%n%s", out).isZero();
    return out.lines().toList();
  }

  private static void executable(Path p) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Surefire runs in the module directory; the launcher lives one level up. */
  private static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    return Files.exists(dir.resolve("bin/orchestrate")) ? dir : dir.getParent();
  }
}
