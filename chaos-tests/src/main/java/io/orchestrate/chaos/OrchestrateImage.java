package io.orchestrate.chaos;

import io.orchestrate.chaos.unsafe.UnsafeManagerMain;
import io.orchestrate.chaos.unsafe.UnsafeWorkerMain;
import io.orchestrate.core.util.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the image the suite runs from the fat jar of the current build with {@code docker build}
 * and {@code ops/docker/Dockerfile}, on the local JRE base (no registry here). The image also holds
 * chaos-tests' own compiled classes, for the broken build's managers ({@link UnsafeManagerMain},
 * started with {@link #UNSAFE_MANAGER_ENTRYPOINT}) and workers ({@link UnsafeWorkerMain}, started
 * with {@link #UNSAFE_WORKER_ENTRYPOINT}). The tag is the content hash of the jar and
 * those classes, so an unchanged build is not rebuilt and a changed one always is. Refuses a jar
 * older than the compiled classes next to it: the suite must test the code at hand.
 */
public final class OrchestrateImage {
  public static final String BASE = "local/jre:17";
  private static final Logger LOG = LoggerFactory.getLogger(OrchestrateImage.class);
  /** Modules whose classes end up in the jar; a newer class file than the jar means the jar is stale. */
  private static final List<String> MODULES = List.of("core", "security", "client", "gateway-protocol", "scheduler", "raft-manager", "worker", "local-cluster", "bench", "cli");
  /** Where the image keeps chaos-tests' classes (a class directory, next to the fat jar). */
  private static final String CHAOS_CLASSES = "/opt/orchestrate/chaos-tests";
  /**
   * The entrypoint of a broken-build manager: like the image's own, but running
   * {@link UnsafeManagerMain} with the fat jar and chaos-tests' classes on the class path. Its
   * arguments are those of {@code orchestrate manager}, without the word {@code manager}.
   */
  public static final List<String> UNSAFE_MANAGER_ENTRYPOINT = List.of("sh", "-c",
      "exec java $JAVA_OPTS -cp /opt/orchestrate/orchestrate.jar:" + CHAOS_CLASSES + " " + UnsafeManagerMain.class.getName() + " \"$@\"",
      "orchestrate-unsafe-manager");
  /**
   * The entrypoint of a broken-build worker, like {@link #UNSAFE_MANAGER_ENTRYPOINT} but running
   * {@link UnsafeWorkerMain}. Its arguments are those of {@code orchestrate worker}, without the word {@code worker}.
   */
  public static final List<String> UNSAFE_WORKER_ENTRYPOINT = List.of("sh", "-c",
      "exec java $JAVA_OPTS -cp /opt/orchestrate/orchestrate.jar:" + CHAOS_CLASSES + " " + UnsafeWorkerMain.class.getName() + " \"$@\"",
      "orchestrate-unsafe-worker");

  private OrchestrateImage() {}

  /** Returns the image name, building it if this jar has not been built into an image yet. */
  public static String build(Path jar, Path dockerfile) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist; build it first (mvn -DskipTests package, or run the suite with mvn verify)");
    }
    if (!Files.isRegularFile(dockerfile)) throw new IllegalStateException("no Dockerfile at " + dockerfile);
    checkFresh(jar);
    Path classes = chaosClasses();
    String tag = "orchestrate-chaos:" + sha256(jar, classes).substring(0, 16);
    if (run(List.of("docker", "image", "inspect", tag), 60) == 0) {
      LOG.info("image {} already built from this jar and these chaos-tests classes", tag);
      return tag;
    }
    Path context = Files.createTempDirectory("orchestrate-image");
    try {
      Files.copy(jar, context.resolve("orchestrate.jar"), StandardCopyOption.REPLACE_EXISTING);
      copyTree(classes, context.resolve("chaos-tests"));
      // The shipped Dockerfile plus one layer: chaos-tests' classes never reach the real image.
      Path chaosDockerfile = context.resolve("Dockerfile.chaos");
      Files.writeString(chaosDockerfile, Files.readString(dockerfile)
          + "\n# chaos-tests' own classes, for the broken build's managers and workers\nCOPY chaos-tests/ " + CHAOS_CLASSES + "/\n"
          // The suite copies root-owned keys (mode 0600) into its containers and writes /data: it runs them as root.
          // Its managers speak only TLS with client certificates and its workers have no API, so the image's probe stays off.
          + "USER root\nHEALTHCHECK NONE\n");
      long t0 = System.nanoTime();
      int rc = run(List.of("docker", "build", "-q", "-f", chaosDockerfile.toString(), "--build-arg", "BASE=" + BASE,
          "--label", "io.orchestrate.chaos.image=true", "-t", tag, context.toString()), 300);
      if (rc != 0) throw new IllegalStateException("docker build of " + tag + " failed with exit code " + rc);
      LOG.info("built image {} in {} ms", tag, (System.nanoTime() - t0) / 1_000_000);
      removeOlder(tag);
      return tag;
    } finally {
      FileTrees.deleteRecursively(context);
    }
  }

  /** chaos-tests' compiled classes: the class directory this class was loaded from. */
  private static Path chaosClasses() {
    Path p;
    try {
      p = Path.of(UnsafeManagerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate chaos-tests' classes", e);
    }
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("chaos-tests' classes must be a class directory (chaos-tests/target/classes), not " + p
          + "; run the suite from the source tree (mvn verify)");
    }
    return p;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * Each jar makes an image of a few hundred MB; older ones go once a new one exists. Without force:
   * an image a running container uses (another suite's run) stays.
   */
  private static void removeOlder(String keep) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("docker", "images", "--filter", "label=io.orchestrate.chaos.image=true",
        "--format", "{{.Repository}}:{{.Tag}}").redirectErrorStream(true).start();
    List<String> tags;
    try (InputStream in = p.getInputStream()) {
      tags = new String(in.readAllBytes()).lines().map(String::strip).filter(t -> t.startsWith("orchestrate-chaos:")).toList();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
    for (String t : tags) {
      if (!t.equals(keep)) run(List.of("docker", "rmi", t), 60);
    }
  }

  private static void checkFresh(Path jar) throws IOException {
    Path repo = jar.getParent().getParent().getParent(); // REPO/cli/target/orchestrate.jar
    long jarTime = Files.getLastModifiedTime(jar).toMillis();
    for (String module : MODULES) {
      Path classes = repo.resolve(module).resolve("target").resolve("classes");
      if (!Files.isDirectory(classes)) continue;
      try (Stream<Path> files = Files.walk(classes)) {
        Path newer = files.filter(Files::isRegularFile)
            .filter(p -> lastModified(p) > jarTime + 2_000)
            .findFirst().orElse(null);
        if (newer != null) {
          throw new IllegalStateException(jar + " is older than " + newer + "; rebuild the jar (mvn -DskipTests package) "
              + "or run the suite through mvn verify so that it tests the code at hand");
        }
      }
    }
  }

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static int run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
    }
    if (p.exitValue() != 0 && !command.contains("inspect")) LOG.warn("{}: {}", String.join(" ", command), new String(out).strip());
    return p.exitValue();
  }

  /** The hash of the jar and of every file under {@code classes}, each with its relative path, in a fixed order. */
  private static String sha256(Path jar, Path classes) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    update(md, jar);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      md.update(classes.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
      update(md, f);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void update(MessageDigest md, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
  }
}
