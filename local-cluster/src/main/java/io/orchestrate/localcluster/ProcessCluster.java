package io.orchestrate.localcluster;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.ClusterView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Managers as separate processes on loopback, laid out by a {@link LoopbackLayout}: one child JVM
 * each ({@code orchestrate manager ...}), with its log in {@code logs/ID.log}. A SIGKILL here is a
 * real one, so this is how the demo (and any measurement meant to match a deployment) runs them.
 * {@link #start} returns once a leader is elected and every manager's API address is published,
 * as seen through the HTTP API.
 *
 * <p>Owned by the thread that started it.
 */
public final class ProcessCluster implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  private final LoopbackLayout layout;
  private final Path logs;
  private final Duration wait;
  private final Map<String, ChildProcess> managers = new LinkedHashMap<>();

  private ProcessCluster(LoopbackLayout layout, Path logs, Duration wait, List<String> jvmOptions) {
    this.layout = layout;
    this.logs = logs;
    this.wait = wait;
    for (ManagerSlot s : layout.slots()) {
      managers.put(s.id(), new ChildProcess(s.id(), s.managerArgs(layout.peersArg()), logs.resolve(s.id() + ".log"), jvmOptions));
    }
  }

  /**
   * Starts every manager of {@code layout} as a child process, logging into {@code logs}, and waits
   * (up to {@code wait}) for a leader with every member's API address published. The JVMs are small
   * ({@link ChildProcess#SMALL_JVM}).
   */
  public static ProcessCluster start(LoopbackLayout layout, Path logs, Duration wait) throws IOException {
    return start(layout, logs, wait, ChildProcess.SMALL_JVM);
  }

  /** The same with {@code jvmOptions} for every manager's JVM: a benchmark's heap and collector. */
  public static ProcessCluster start(LoopbackLayout layout, Path logs, Duration wait, List<String> jvmOptions) throws IOException {
    java.nio.file.Files.createDirectories(logs);
    ProcessCluster c = new ProcessCluster(layout, logs, wait, jvmOptions);
    try {
      for (ChildProcess p : c.managers.values()) p.start();
      c.awaitLeader();
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  public LoopbackLayout layout() {
    return layout;
  }

  public Path logs() {
    return logs;
  }

  public ChildProcess process(String id) {
    ChildProcess p = managers.get(id);
    if (p == null) throw new IllegalArgumentException("no manager " + id + " in this cluster");
    return p;
  }

  public List<ChildProcess> processes() {
    return List.copyOf(managers.values());
  }

  /** A client over every manager's API, which finds the leader by itself. */
  public ManagersClient client(Duration timeout) {
    return new ManagersClient(layout.apis(), ClientSettings.defaults().withTimeout(timeout), Time.SYSTEM);
  }

  /** Waits for a leader whose state lists every member reachable with its API address, and returns that view. */
  public ClusterView awaitLeader() {
    ManagersClient client = client(wait);
    return Waits.until("a leader, and every manager's address published", wait, POLL, () -> {
      ClusterView v = client.cluster().value();
      return v.leader() != null && v.members().stream().allMatch(m -> m.apiAddress() != null && !"UNREACHABLE".equals(m.role())) ? v : null;
    });
  }

  /** SIGKILL, as after a power cut; the data directory stays. */
  public void kill(String id) throws InterruptedException {
    process(id).kill();
  }

  /** Starts a stopped manager again from its data directory. */
  public void restart(String id) throws IOException {
    process(id).start();
  }

  /** SIGTERM to every manager still running, then SIGKILL to any that has not exited within the grace. */
  public void stop(long graceMillis) throws InterruptedException {
    for (ChildProcess p : managers.values()) p.stop(graceMillis);
  }

  @Override
  public void close() {
    try {
      stop(3_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (ChildProcess p : managers.values()) p.destroyNow();
    }
  }
}
