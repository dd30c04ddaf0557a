package io.orchestrate.cli.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One "host" of a runbook, on loopback: a directory standing in for its file system root. The
 * shipped absolute paths ({@code /opt/orchestrate}, {@code /etc/orchestrate}, {@code /var/lib/...},
 * {@code /var/backups/orchestrate}) are rewritten under it, so a unit's command line or a crontab
 * line runs as written except for where its files live.
 *
 * <p>{@code opt/orchestrate/bin/orchestrate} is a launcher that does what the shipped
 * {@code bin/orchestrate} does ({@code exec java $JAVA_OPTS ... "$@"}) but from this test JVM's
 * class path: the fat jar the shipped launcher runs is built after the test phase.
 */
final class LoopbackHost {
  private static final List<String> ROOTS = List.of("/opt/orchestrate", "/etc/orchestrate", "/var/lib/orchestrate", "/var/backups/orchestrate");

  private final Path root;
  private final List<Process> started = new ArrayList<>();

  LoopbackHost(Path root) throws IOException {
    this(root, null);
  }

  /**
   * A host on which the release {@code tarball} is installed as the deploy runbook's step 0 does:
   * unpacked under {@code /opt} and linked as {@code /opt/orchestrate}, so units run the shipped
   * launcher and jars (the tarball exists after the package phase: failsafe tests only).
   */
  static LoopbackHost installed(Path root, Path tarball, String version) throws IOException, InterruptedException {
    LoopbackHost h = new LoopbackHost(root, tarball);
    Path opt = h.path("/opt");
    Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", opt.toString()).inheritIO().start();
    if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) throw new IOException("tar -xzf " + tarball + " failed");
    Path release = opt.resolve("orchestrate-" + version);
    if (!Files.isExecutable(release.resolve("bin/orchestrate"))) throw new IOException("no bin/orchestrate in " + release);
    Files.createSymbolicLink(h.path("/opt/orchestrate"), release.getFileName()); // ln -sfn /opt/orchestrate-VERSION /opt/orchestrate
    return h;
  }

  private LoopbackHost(Path root, Path tarball) throws IOException {
    this.root = root;
    Files.createDirectories(path("/etc/orchestrate"));
    Files.createDirectories(path("/var/backups/orchestrate"));
    if (tarball != null) {
      Files.createDirectories(path("/opt"));
      return;
    }
    Path launcher = path("/opt/orchestrate/bin/orchestrate");
    Files.createDirectories(launcher.getParent());
    String java = ProcessHandle.current().info().command().orElse("java");
    Files.writeString(launcher, "#!/bin/sh\n# JAVA_OPTS is split on spaces on purpose, as in bin/orchestrate.\n"
        + "exec '" + java + "' ${JAVA_OPTS:-} -cp '" + System.getProperty("java.class.path") + "' io.orchestrate.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Where an absolute path of the runbook lives on this host. */
  Path path(String absolute) {
    return root.resolve(absolute.substring(1));
  }

  /** A command line with every shipped absolute path moved under this host's root. */
  String rewrite(String line) {
    String out = line;
    for (String r : ROOTS) out = out.replace(r, root.resolve(r.substring(1)).toString());
    return out;
  }

  /**
   * Starts a unit's command line as systemd would exec it, through {@code /bin/sh} so that an
   * unset {@code $VAR} expands to nothing, as systemd does; {@code exec} keeps the pid the JVM's.
   */
  Process start(String line, Map<String, String> env, Path log) throws IOException {
    return spawn("exec " + rewrite(line), env, log);
  }

  private Process spawn(String script, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ORCHESTRATE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  /**
   * Runs a command line to its end (a oneshot unit or a cron job) through {@code /bin/sh}, as
   * cron does; returns its exit code.
   */
  int run(String line, Map<String, String> env, Path log) throws IOException, InterruptedException {
    Process p = spawn(rewrite(line), env, log);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running after 120 s: " + line + "\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  /** SIGKILLs whatever this host started and is still running, with its descendants (task processes). */
  void killAll() throws InterruptedException {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
