package io.orchestrate.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One chaos run's settings, each with its system property (surefire passes them through from the
 * mvn command line): {@code chaos.seed} (empty: a fresh one, printed), {@code chaos.minutes} (length
 * of the faulty phase), {@code chaos.managers} (3 or 5), {@code chaos.clients}, {@code chaos.partitions}
 * ({@code required} or {@code optional}; empty: required when the environment has {@code CI=true}).
 *
 * @param faults          which fault kinds the schedule may draw
 * @param unsafeManagers  start the broken build's managers ({@code io.orchestrate.chaos.unsafe.UnsafeManagerMain}), which acknowledge before commit
 * @param unsafeWorkers   start the broken build's workers ({@code io.orchestrate.chaos.unsafe.UnsafeWorkerMain}), which never stop a task the leader stopped
 * @param partitionsRequired  fail the run when partitions cannot be made here, rather than leave those faults out with a warning
 * @param outDir          where history.json and report.txt go
 */
public record ChaosSettings(
    String name,
    long seed,
    Duration duration,
    int managers,
    int workers,
    int clients,
    Set<FaultKind> faults,
    boolean unsafeManagers,
    boolean unsafeWorkers,
    boolean partitionsRequired,
    Path jar,
    Path dockerfile,
    Path outDir) {

  public ChaosSettings {
    Objects.requireNonNull(name, "name");
    if (managers != 3 && managers != 5) throw new IllegalArgumentException("chaos.managers must be 3 or 5, got " + managers);
    if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    if (clients < 1 || clients > 64) throw new IllegalArgumentException("chaos.clients must be 1..64, got " + clients);
    if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("chaos.minutes must be > 0, got " + duration);
    if (faults.isEmpty()) throw new IllegalArgumentException("at least one fault kind is needed");
    faults = Set.copyOf(faults);
  }

  /** The settings the suite runs with, read from system properties (see the class comment). */
  public static ChaosSettings fromSystemProperties(String name) {
    String seedText = System.getProperty("chaos.seed", "").strip();
    long seed = seedText.isEmpty() ? System.nanoTime() ^ System.currentTimeMillis() : parseLong("chaos.seed", seedText);
    double minutes = parseDouble("chaos.minutes", System.getProperty("chaos.minutes", "3.5"));
    int managers = (int) parseLong("chaos.managers", System.getProperty("chaos.managers", "3"));
    int clients = (int) parseLong("chaos.clients", System.getProperty("chaos.clients", "4"));
    boolean partitionsRequired = partitionsRequired(System.getProperty("chaos.partitions", ""), System.getenv("CI"));
    return new ChaosSettings(name, seed, Duration.ofMillis((long) (minutes * 60_000)), managers, 2, clients,
        EnumSet.allOf(FaultKind.class), false, false, partitionsRequired, path("chaos.jar", "cli/target/orchestrate.jar"),
        path("chaos.dockerfile", "ops/docker/Dockerfile"), path("chaos.out", "chaos-tests/target"));
  }

  public ChaosSettings withName(String n) {
    return new ChaosSettings(n, seed, duration, managers, workers, clients, faults, unsafeManagers, unsafeWorkers, partitionsRequired, jar, dockerfile, outDir);
  }

  public ChaosSettings withDuration(Duration d) {
    return new ChaosSettings(name, seed, d, managers, workers, clients, faults, unsafeManagers, unsafeWorkers, partitionsRequired, jar, dockerfile, outDir);
  }

  public ChaosSettings withFaults(Set<FaultKind> f) {
    return new ChaosSettings(name, seed, duration, managers, workers, clients, f, unsafeManagers, unsafeWorkers, partitionsRequired, jar, dockerfile, outDir);
  }

  public ChaosSettings withUnsafeManagers(boolean u) {
    return new ChaosSettings(name, seed, duration, managers, workers, clients, faults, u, unsafeWorkers, partitionsRequired, jar, dockerfile, outDir);
  }

  public ChaosSettings withUnsafeWorkers(boolean u) {
    return new ChaosSettings(name, seed, duration, managers, workers, clients, faults, unsafeManagers, u, partitionsRequired, jar, dockerfile, outDir);
  }

  public ChaosSettings withManagers(int m) {
    return new ChaosSettings(name, seed, duration, m, workers, clients, faults, unsafeManagers, unsafeWorkers, partitionsRequired, jar, dockerfile, outDir);
  }

  /**
   * {@code chaos.partitions}: "required" or "optional"; when empty, required exactly when {@code CI}
   * is "true", so that CI can never go green with the partition faults silently left out.
   */
  static boolean partitionsRequired(String property, String ciEnv) {
    String v = property == null ? "" : property.strip().toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case "required" -> true;
      case "optional" -> false;
      case "" -> "true".equalsIgnoreCase(ciEnv == null ? "" : ciEnv.strip());
      default -> throw new IllegalArgumentException("chaos.partitions must be required or optional, got '" + property + "'");
    };
  }

  /**
   * The fault kinds a run can use where partitions are impossible for {@code firewallProblem}
   * (null: they are possible): all asked for when possible; without the partition kinds when
   * not and they are optional; an error naming the problem when they are required.
   */
  Set<FaultKind> usableFaults(String firewallProblem) {
    if (firewallProblem == null) return faults;
    Set<FaultKind> usable = EnumSet.copyOf(faults);
    usable.removeIf(FaultKind::needsFirewall);
    if (usable.size() == faults.size()) return faults;
    if (partitionsRequired) {
      throw new IllegalStateException("partition faults are required here (CI=true or -Dchaos.partitions=required) but cannot be made: "
          + firewallProblem);
    }
    if (usable.isEmpty()) throw new IllegalStateException("every fault kind asked for needs partitions: " + firewallProblem);
    return usable;
  }

  /** Where this run's files go: {@code outDir/chaos/NAME-SEED}. */
  public Path runDir() {
    return outDir.resolve("chaos").resolve(name + "-" + Long.toUnsignedString(seed));
  }

  private static Path path(String property, String fallback) {
    String v = System.getProperty(property, "").strip();
    return Path.of(v.isEmpty() ? fallback : v).toAbsolutePath().normalize();
  }

  private static long parseLong(String property, String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + " must be an integer, got '" + v + "'");
    }
  }

  private static double parseDouble(String property, String v) {
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + " must be a number of minutes, got '" + v + "'");
    }
  }
}
