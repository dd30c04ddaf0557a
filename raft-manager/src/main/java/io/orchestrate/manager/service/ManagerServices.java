package io.orchestrate.manager.service;

import io.orchestrate.manager.metrics.ManagerMetrics;
import java.util.Objects;

/**
 * The services one manager runs, wired once when it starts and never changed after: what the HTTP
 * API serves from. Every one is present; a manager always serves the operators' routes too.
 *
 * @param jobs        job submissions and stops, decided on the leader
 * @param reads       linearizable and stale reads of the state image
 * @param cluster     health, the cluster view, the state digest and leadership transfer
 * @param leadership  whether this manager leads, and who does
 * @param nodeViews   nodes as the API shows them, with live figures on the leader
 * @param nodes       drain and undrain
 * @param membership  adding and removing managers
 * @param snapshots   backups of the replicated state
 * @param gc          garbage collection on request ({@code POST /v1/gc})
 * @param metrics     this manager's Prometheus registry
 * @param acl         API tokens, and whether requests need one
 * @param features    the cluster feature level: its view and its raise
 * @param watch       the event stream and blocking reads
 * @param logs        task output relayed from the workers connected here
 */
public record ManagerServices(
    JobService jobs,
    Reads reads,
    ClusterService cluster,
    Leadership leadership,
    NodeViews nodeViews,
    NodeService nodes,
    MembershipService membership,
    SnapshotService snapshots,
    GcService gc,
    ManagerMetrics metrics,
    AclService acl,
    FeatureService features,
    Watch watch,
    io.orchestrate.manager.logs.TaskLogRelays logs) {

  public ManagerServices {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(reads, "reads");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(leadership, "leadership");
    Objects.requireNonNull(nodeViews, "nodeViews");
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(snapshots, "snapshots");
    Objects.requireNonNull(gc, "gc");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(watch, "watch");
    Objects.requireNonNull(logs, "logs");
  }
}
