package io.orchestrate.bench.fleet;

import io.orchestrate.localcluster.ChildProcess;
import io.orchestrate.localcluster.LoopbackLayout;
import io.orchestrate.localcluster.ManagerSlot;
import io.orchestrate.localcluster.ProcessCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Managers as child JVMs on loopback ({@link ProcessCluster}), each with its own heap, pid and
 * RSS, so that the bench can weigh them one by one and SIGKILL the leader for real. Logs go to
 * {@code dir/logs}.
 *
 * <p>Owned by the bench's thread; {@link #close} may also run once from a shutdown hook.
 */
public final class ChildManagers implements FleetManagers {
  private final ProcessCluster cluster;
  private final int heapMb;
  private final FleetAccess access;
  private boolean closed;

  private ChildManagers(ProcessCluster cluster, int heapMb) {
    this.cluster = cluster;
    this.heapMb = heapMb;
    this.access = cluster.pki() == null ? FleetAccess.PLAIN
        : FleetAccess.tls(cluster.pki(), cluster.clientTls(), cluster.token());
  }

  public static final int MIN_HEAP_MB = 128;
  public static final int MAX_HEAP_MB = 64 * 1024;
  /** Room for the image and everything transient around it (a snapshot, a large read, Ratis's caches). */
  static final int BASE_HEAP_MB = 192;
  /** About twice the live heap a task costs a manager (2.5-3 KB measured at 10,000 tasks), for a collector's headroom. */
  static final int HEAP_KB_PER_TASK = 6;

  /** A manager heap that holds {@code tasks} with room to spare. */
  public static int heapMbFor(int tasks) {
    return (int) Math.min(MAX_HEAP_MB, BASE_HEAP_MB + (long) tasks * HEAP_KB_PER_TASK / 1024);
  }

  /**
   * Starts {@code count} managers with their data under {@code dir}, each a JVM of {@code heapMb}
   * with the collector settings {@code bin/orchestrate manager} uses, and waits up to {@code wait}
   * for a leader. With {@code tls}, every port runs mutual TLS and the API requires tokens (a
   * throwaway CA in {@code dir/pki}, the first token bootstrapped); without, the managers run
   * {@code --insecure}.
   */
  public static ChildManagers start(Path dir, int count, int heapMb, Duration wait, boolean tls) throws IOException {
    if (heapMb < MIN_HEAP_MB || heapMb > MAX_HEAP_MB) {
      throw new IllegalArgumentException("manager heap must be between " + MIN_HEAP_MB + " and " + MAX_HEAP_MB + " MB, was " + heapMb);
    }
    // As bin/orchestrate starts a manager: the default collector, survivors promoted at once (the image only grows).
    List<String> jvm = List.of("-Xmx" + heapMb + "m", "-XX:MaxTenuringThreshold=0");
    return new ChildManagers(ProcessCluster.start(LoopbackLayout.of(dir, count), dir.resolve("logs"), wait, jvm, tls), heapMb);
  }

  @Override
  public List<String> ids() {
    return cluster.layout().ids();
  }

  @Override
  public List<String> apis() {
    return cluster.layout().apis();
  }

  @Override
  public String api(String id) {
    return cluster.layout().slot(id).api().toString();
  }

  @Override
  public List<String> gateways() {
    return cluster.layout().slots().stream().map(ManagerSlot::gateway).map(Object::toString).toList();
  }

  @Override
  public void kill(String id) throws InterruptedException {
    cluster.kill(id);
  }

  @Override
  public void restart(String id) throws IOException {
    cluster.restart(id);
  }

  @Override
  public OptionalLong pid(String id) {
    ChildProcess p = cluster.process(id);
    return p.alive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
  }

  @Override
  public FleetAccess access() {
    return access;
  }

  @Override
  public String describe() {
    return cluster.layout().ids().size() + " managers as child processes, -Xmx" + heapMb + "m each, " + access.describe()
        + " (logs in " + cluster.logs() + ")";
  }

  public Path logs() {
    return cluster.logs();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    cluster.close();
  }
}
