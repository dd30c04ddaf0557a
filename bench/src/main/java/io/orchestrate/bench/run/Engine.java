package io.orchestrate.bench.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine both contenders run on. Observation (counting running containers and swarm
 * tasks) goes through the engine API, which is cheap enough to poll; what a user would type
 * ({@code docker swarm init}, {@code docker service create}) goes through the {@code docker} CLI,
 * so that swarm is timed the way people use it.
 *
 * <p>Thread-safe: docker-java's client is, and the CLI calls share nothing.
 */
public final class Engine implements AutoCloseable {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(120);

  private final DockerClient client;

  private Engine(DockerClient client) {
    this.client = client;
  }

  /** The engine named by DOCKER_HOST, or the default socket. */
  public static Engine fromEnvironment() {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(60))
        .maxConnections(8)
        .build();
    return new Engine(DockerClientImpl.getInstance(config, http));
  }

  /** Throws naming what is missing when there is no engine or no such image; never pulls. */
  public void require(String image) {
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      throw new IllegalStateException("no Docker engine answers (" + e.getMessage() + "); start one, e.g. bash ops/ci/setup-docker.sh", e);
    }
    try {
      client.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      throw new IllegalStateException("image " + image + " is not in the local engine and is never pulled here;"
          + " build it, e.g. bash ops/images/build-local-images.sh --only busybox", e);
    }
  }

  /** Running containers carrying {@code key=value}. */
  public int runningWithLabel(String key, String value) {
    return client.listContainersCmd().withLabelFilter(Map.of(key, value)).withStatusFilter(List.of("running")).exec().size();
  }

  /** Every container, in any state, carrying {@code key=value}. */
  public List<String> allWithLabel(String key, String value) {
    List<String> ids = new ArrayList<>();
    for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(key, value)).exec()) ids.add(c.getId());
    return ids;
  }

  /** Force-removes every container carrying {@code key=value}; returns how many there were. */
  public int removeWithLabel(String key, String value) {
    List<String> ids = allWithLabel(key, value);
    List<CompletableFuture<Void>> removals = new ArrayList<>();
    for (String id : ids) {
      removals.add(CompletableFuture.runAsync(() -> {
        try {
          client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
          // already gone
        }
      }));
    }
    CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).join();
    return ids.size();
  }

  /** Observed states of a swarm service's tasks that are meant to run; empty while the service does not exist yet. */
  public List<TaskState> swarmTaskStates(String service) {
    List<TaskState> states = new ArrayList<>();
    try {
      for (Task t : client.listTasksCmd().withServiceFilter(service).exec()) {
        if (t.getDesiredState() == TaskState.RUNNING && t.getStatus() != null) states.add(t.getStatus().getState());
      }
    } catch (NotFoundException e) {
      // not created yet
    }
    return states;
  }

  /** {@code docker info --format {{.Swarm.LocalNodeState}}}: "active" on a swarm node, "inactive" otherwise. */
  public String swarmState() {
    return cli("info", "--format", "{{.Swarm.LocalNodeState}}").strip();
  }

  /**
   * Runs {@code docker ARGS...} and returns its standard output.
   *
   * @throws IllegalStateException with the command's error output when it fails or outlives its bound
   */
  public String cli(String... args) {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the docker CLI: " + e.getMessage(), e);
    }
    // Read both streams concurrently so that a chatty command cannot fill a pipe and block.
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try {
      if (!p.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + CLI_TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + err.join().strip());
    }
    return out.join();
  }

  private static String drain(InputStream in) {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // closing the connection pool has nothing to report that the benchmark could act on
    }
  }
}
