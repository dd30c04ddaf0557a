package io.orchestrate.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI, for tests that check what really runs in the engine, independently of the code under test. */
final class DockerCli {
  private DockerCli() {}

  static String run(String... args) {
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

  static String inspect(String container, String format) {
    return run("inspect", "-f", format, container);
  }

  /** Ids of containers (running or not) carrying a label. */
  static List<String> withLabel(String label) {
    String out = run("ps", "-aq", "--no-trunc", "--filter", "label=" + label);
    return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
  }

  static void removeWithLabel(String label) {
    for (String id : withLabel(label)) run("rm", "-f", id);
  }
}
