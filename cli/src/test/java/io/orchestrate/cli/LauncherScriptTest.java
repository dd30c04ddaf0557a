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
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
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

  private String jar() {
    return root.resolve("cli/target/orchestrate.jar").toString();
  }

  private List<String> run(String javaOpts, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder();
    pb.command().add(root.resolve("bin/orchestrate").toString());
    pb.command().addAll(List.of(args));
    pb.environment().put("PATH", root.resolve("stub") + ":/usr/bin:/bin");
    pb.environment().put("JAVA_OPTS", javaOpts);
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
