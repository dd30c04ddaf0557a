package io.orchestrate.manager.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.StateImage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Gauges the alert rules and the dashboard need beyond the Raft figures: tasks waiting for
 * placement, tasks by state, nodes by state, workers connected to this manager's gateway and
 * their disconnects, and when this manager last served a backup snapshot. Each reads the published
 * image (or the source) on scrape; nothing here is on the apply path.
 */
public final class OpsGauges {
  private OpsGauges() {}

  /**
   * @param image         the published state image
   * @param lastBackupSec epoch seconds of the last snapshot served, or -1
   */
  public static void register(MeterRegistry registry, Supplier<StateImage> image, LongSupplier lastBackupSec) {
    register(registry, image, lastBackupSec, null);
  }

  /** @param sessions the gateway's worker sessions, or null for none */
  public static void register(MeterRegistry registry, Supplier<StateImage> image, LongSupplier lastBackupSec, NodeSessions sessions) {
    Gauge.builder("orchestrate.tasks.pending", () -> image.get().pending().size())
        .description("tasks waiting for a placement").register(registry);
    for (NodeState s : NodeState.values()) {
      Gauge.builder("orchestrate.nodes", () -> count(image.get(), s)).tag("state", s.name().toLowerCase(java.util.Locale.ROOT))
          .description("worker nodes by state").register(registry);
    }
    Gauge.builder("orchestrate.snapshot.last.saved.timestamp.seconds", () -> (double) lastBackupSec.getAsLong())
        .description("when this manager last served GET /v1/snapshot (epoch seconds; -1 never since start)").register(registry);
    TaskStateCounts.register(registry, image);
    if (sessions != null) {
      Gauge.builder("orchestrate.gateway.workers.connected", sessions, NodeSessions::size)
          .description("workers registered with this manager's gateway (only the leader holds sessions)").register(registry);
      FunctionCounter.builder("orchestrate.gateway.worker.disconnects", sessions, NodeSessions::disconnects)
          .description("registered workers whose gateway connection closed (leadership changes not counted)").register(registry);
    }
  }

  private static double count(StateImage img, NodeState s) {
    int n = 0;
    for (Node node : img.nodes().values()) if (node.state() == s) n++;
    return n;
  }
}
