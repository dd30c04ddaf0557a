package io.orchestrate.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI, for tests that check what really runs in the engine, independently of the code under test. */
public final class DockerCli {
  private DockerCli() {}

  public static String run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("docker");
    cmd.addAll(Arrays.asList(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("docker " + String.join(" ", args) + " timed out");
      }
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String inspect(String container, String format) {
    return run("inspect", "-f", format, container);
  }

  /** Ids of containers (running or not) carrying a label. */
  public static List<String> withLabel(String label) {
    return ids(run("ps", "-aq", "--no-trunc", "--filter", "label=" + label));
  }

  /** Ids of the running containers carrying a label. */
  public static List<String> runningWithLabel(String label) {
    return ids(run("ps", "-q", "--no-trunc", "--filter", "label=" + label));
  }

  private static List<String> ids(String psOutput) {
    return psOutput.isEmpty() ? List.of() : List.of(psOutput.split("\\s+"));
  }

  /**
   * The engine's own record of what happened to a job's containers between two instants (epoch
   * seconds): full container id → action (create, start, kill, die, destroy, ...) → the first time
   * it happened, in epoch nanoseconds.
   */
  public static java.util.Map<String, java.util.Map<String, Long>> events(String jobId, long sinceSeconds, long untilSeconds) {
    String out = run("events", "--since", Long.toString(sinceSeconds), "--until", Long.toString(untilSeconds),
        "--filter", "type=container", "--filter", "label=orchestrate.job-id=" + jobId, "--format", "{{.TimeNano}} {{.Action}} {{.ID}}");
    java.util.Map<String, java.util.Map<String, Long>> byContainer = new java.util.HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length != 3) continue;
      byContainer.computeIfAbsent(f[2], k -> new java.util.HashMap<>()).putIfAbsent(f[1], Long.parseLong(f[0]));
    }
    return byContainer;
  }

  public static void removeWithLabel(String label) {
    for (String id : withLabel(label)) run("rm", "-f", id);
  }
}
