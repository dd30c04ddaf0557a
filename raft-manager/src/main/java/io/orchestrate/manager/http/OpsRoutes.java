package io.orchestrate.manager.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.util.DurationText;
import io.orchestrate.manager.service.ApiException;
import io.orchestrate.manager.service.FeatureService;
import io.orchestrate.manager.service.GcService;
import io.orchestrate.manager.service.MembershipService;
import io.orchestrate.manager.service.SnapshotService;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operators' routes: membership ({@code POST /v1/cluster/members},
 * {@code DELETE /v1/cluster/members/{id}}), backups ({@code GET /v1/snapshot}) and garbage
 * collection on request ({@code POST /v1/gc[?jobsOlderThan=D&nodesOlderThan=D]}), and the cluster
 * feature level ({@code GET /v1/cluster/features}, {@code POST /v1/cluster/features/upgrade}). Kept apart from
 * {@link ApiRoutes} so the two grow without touching each other; {@link #match} answers null for
 * any other path.
 */
final class OpsRoutes {
  static final String SNAPSHOT_TYPE = "application/zip";

  private final MembershipService membership;
  private final SnapshotService snapshots;
  private final GcService gc;
  private final FeatureService features;

  OpsRoutes(MembershipService membership, SnapshotService snapshots, GcService gc, FeatureService features) {
    this.features = features;
    this.membership = membership;
    this.snapshots = snapshots;
    this.gc = gc;
  }

  ApiRoutes.Route match(ApiRequest r) {
    List<String> s = r.segments();
    String m = r.method();
    if (s.size() < 2 || !s.get(0).equals("v1")) return null;
    if (s.size() == 3 && s.get(1).equals("cluster") && s.get(2).equals("members") && m.equals("POST")) {
      return new ApiRoutes.Route("/v1/cluster/members", () -> add(r));
    }
    if (s.size() == 4 && s.get(1).equals("cluster") && s.get(2).equals("members")) {
      return ApiRoutes.only(m, "DELETE", "/v1/cluster/members/{id}",
          () -> membership.remove(s.get(3)).thenApply(v -> ApiResponse.json(200, v)));
    }
    if (s.size() == 3 && s.get(1).equals("cluster") && s.get(2).equals("features")) {
      return ApiRoutes.only(m, "GET", "/v1/cluster/features", () -> features.view(r.stale()).thenApply(v -> ApiResponse.json(200, v)));
    }
    if (s.size() == 4 && s.get(1).equals("cluster") && s.get(2).equals("features") && s.get(3).equals("upgrade")) {
      return ApiRoutes.only(m, "POST", "/v1/cluster/features/upgrade", () -> features.upgrade().thenApply(v -> ApiResponse.json(200, v)));
    }
    if (s.size() == 2 && s.get(1).equals("snapshot")) {
      ApiRoutes.Route route = ApiRoutes.only(m, "GET", "/v1/snapshot", () -> snapshots.save().thenApply(saved -> new ApiResponse(200, saved.bytes(),
          SNAPSHOT_TYPE, Map.of(
              "Content-Disposition", "attachment; filename=\"orchestrate-" + saved.manifest().appliedIndex() + ".snapshot\"",
              "X-Orchestrate-Snapshot-Index", Long.toString(saved.manifest().appliedIndex()),
              "X-Orchestrate-Snapshot-Sha256", saved.manifest().sha256()))));
      // Packaging grows with the state; only its read barrier is held to the request timeout (SnapshotService).
      return new ApiRoutes.Route(route.name(), route.run(), SnapshotService.PACKAGING_TIME);
    }
    if (s.size() == 2 && s.get(1).equals("gc")) {
      return ApiRoutes.only(m, "POST", "/v1/gc", () -> gc.collect(olderThan(r, "jobsOlderThan"), olderThan(r, "nodesOlderThan"))
          .thenApply(v -> ApiResponse.json(200, v)));
    }
    return null;
  }

  /** An optional duration parameter overriding a retention for one collection; 0 collects everything ended. */
  private static Duration olderThan(ApiRequest r, String name) {
    String v = r.param(name);
    if (v == null) return null;
    try {
      return DurationText.parse(v, name);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, e.getMessage());
    }
  }

  private java.util.concurrent.CompletableFuture<ApiResponse> add(ApiRequest r) {
    JsonNode n = JsonBodies.object(r, "{\"id\": \"m4\", \"raftAddress\": \"10.0.0.4:7000\"}");
    String id = n.path("id").asText(null);
    String raft = n.path("raftAddress").asText(null);
    if (id == null || id.isBlank()) throw new ApiException(ErrorCode.BAD_REQUEST, "id is required");
    if (raft == null || raft.isBlank()) throw new ApiException(ErrorCode.BAD_REQUEST, "raftAddress is required (HOST:PORT)");
    return membership.add(id, raft).thenApply(v -> ApiResponse.json(200, v));
  }
}
