package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskList;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.model.Job;
import io.orchestrate.manager.metrics.ManagerMetrics;
import io.orchestrate.manager.service.ApiException;
import io.orchestrate.manager.service.ClusterService;
import io.orchestrate.manager.service.JobPages;
import io.orchestrate.manager.service.JobQuery;
import io.orchestrate.manager.service.JobService;
import io.orchestrate.manager.service.JobVersionService;
import io.orchestrate.manager.service.Leadership;
import io.orchestrate.manager.service.ManagerServices;
import io.orchestrate.manager.service.NodeService;
import io.orchestrate.manager.service.NodeViews;
import io.orchestrate.manager.service.Page;
import io.orchestrate.manager.service.Reads;
import io.orchestrate.manager.service.TaskPages;
import io.orchestrate.manager.service.TaskQuery;
import io.orchestrate.manager.service.Views;
import io.orchestrate.manager.state.StateImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The v1 API's routes. Each returns a future answer; the handler maps failures. Writes go to the
 * leader's services (on a follower they fail NOT_LEADER, and {@link LeaderForward} asks the leader);
 * reads go through {@link Reads}.
 */
final class ApiRoutes {
  /** A matched route: its name for metrics, and the work. */
  record Route(String name, Supplier<CompletableFuture<ApiResponse>> run, Duration extraTime) {
    Route(String name, Supplier<CompletableFuture<ApiResponse>> run) {
      this(name, run, Duration.ZERO);
    }

    /**
     * A follower redirects (307) rather than forwards: a task's output streams for as long as the
     * client follows it, and a forward relays only a whole answer.
     */
    boolean redirectsToLeader() {
      return name.equals(TaskLogRoute.ROUTE);
    }

    /** Only a job file may be YAML; every other body is JSON. */
    boolean acceptsYaml() {
      return name.equals("/v1/jobs") || name.equals(PLAN_ROUTE);
    }
  }

  /** {@code POST /v1/jobs?dryRun=true}: a route of its own, so that its role and metrics are its own. */
  static final String PLAN_ROUTE = "/v1/jobs?dryRun";

  private final JobService jobs;
  private final Reads reads;
  private final ClusterService cluster;
  private final ManagerMetrics metrics;
  private final Duration transferTimeout;
  private final Leadership leadership;
  private final NodeViews nodeViews;
  private final NodeService nodeService;
  private final OpsRoutes ops;
  private final AclRoutes acl;
  private final EventStreams streams;
  private final io.orchestrate.manager.service.IndexWait indexWait;
  private final Duration maxWait;
  private final UiFiles ui = UiFiles.bundled();
  private final TaskLogRoute taskLogs;
  static final String INDEX_HEADER = "X-Orchestrate-Index";

  ApiRoutes(ManagerServices services, Duration transferTimeout, EventStreams streams) {
    this.streams = streams;
    this.indexWait = services.watch().indexWait();
    this.maxWait = services.watch().limits().maxWait();
    this.jobs = services.jobs();
    this.reads = services.reads();
    this.cluster = services.cluster();
    this.metrics = services.metrics();
    this.leadership = services.leadership();
    this.nodeViews = services.nodeViews();
    this.nodeService = services.nodes();
    this.ops = new OpsRoutes(services.membership(), services.snapshots(), services.gc(), services.features());
    this.acl = new AclRoutes(services.acl());
    this.transferTimeout = transferTimeout;
    this.taskLogs = new TaskLogRoute(services.leadership(), services.reads(), services.logs(), services.acl().enforced());
  }

  Route match(ApiRequest r) {
    Route opsRoute = ops.match(r);
    if (opsRoute != null) return opsRoute;
    Route aclRoute = acl.match(r);
    if (aclRoute != null) return aclRoute;
    List<String> s = r.segments();
    String m = r.method();
    if (!s.isEmpty() && s.get(0).equals("ui")) {
      return only(m, "GET", UiFiles.ROUTE, () -> done(ui.answer(r, s.subList(1, s.size()))));
    }
    if (s.size() == 1 && s.get(0).equals("metrics")) {
      return only(m, "GET", "/metrics", () -> done(ApiResponse.text(200, metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8")));
    }
    if (s.isEmpty() || !s.get(0).equals("v1")) return notFound(r);
    String area = s.size() > 1 ? s.get(1) : "";
    switch (area) {
      case "health":
        if (s.size() == 2) return only(m, "GET", "/v1/health", () -> {
          io.orchestrate.core.api.HealthView h = cluster.health();
          return done(ApiResponse.json(h.serving() ? 200 : 503, h));
        });
        break;
      case "jobs":
        if (s.size() == 2) {
          if (m.equals("POST") && dryRun(r)) return new Route(PLAN_ROUTE, () -> done(ApiResponse.json(200, jobs.plan(r.body()))));
          if (m.equals("POST")) {
            return new Route("/v1/jobs", () -> jobs.submit(r.body(), r.header("Idempotency-Key"))
                .thenApply(v -> ApiResponse.json(Boolean.TRUE.equals(v.unchanged()) ? 200 : 201, v)));
          }
          return only(m, "GET", "/v1/jobs", () -> jobList(r));
        }
        if (s.size() == 3) {
          String id = s.get(2);
          if (m.equals("DELETE")) return new Route("/v1/jobs/{id}", () -> jobs.stop(id).thenApply(v -> ApiResponse.json(200, v)));
          return blocking(r, only(m, "GET", "/v1/jobs/{id}", () -> afterIndex(r).thenCompose(v -> reads.read(r.stale())).thenApply(img -> job(img, id))));
        }
        if (s.size() == 4) {
          String id = s.get(2);
          switch (s.get(3)) {
            case "versions":
              return only(m, "GET", "/v1/jobs/{id}/versions",
                  () -> reads.read(r.stale()).thenApply(img -> ApiResponse.json(200, JobVersionService.history(img, id))));
            case "scale":
              return only(m, "POST", "/v1/jobs/{id}/scale", () -> {
                com.fasterxml.jackson.databind.JsonNode n = JsonBodies.object(r, "{\"group\": \"api\", \"count\": 3}");
                return jobs.versions().scale(id, text(n, "group"), integer(n, "count")).thenApply(v -> ApiResponse.json(200, v));
              });
            case "restart":
              return only(m, "POST", "/v1/jobs/{id}/restart", () -> {
                com.fasterxml.jackson.databind.JsonNode n = JsonBodies.object(r, "{\"group\": \"api\"}");
                String group = n.hasNonNull("group") ? text(n, "group") : null;
                return jobs.versions().restart(id, group, r.header("Idempotency-Key")).thenApply(v -> ApiResponse.json(200, v));
              });
            case "revert":
              return only(m, "POST", "/v1/jobs/{id}/revert", () -> {
                com.fasterxml.jackson.databind.JsonNode n = JsonBodies.object(r, "{\"version\": 2}");
                return jobs.versions().revert(id, integer(n, "version")).thenApply(v -> ApiResponse.json(200, v));
              });
            default:
              break;
          }
        }
        break;
      case "deployments":
        if (s.size() == 2) {
          return only(m, "GET", "/v1/deployments", () -> reads.read(r.stale())
              .thenApply(img -> ApiResponse.json(200, new io.orchestrate.core.api.DeploymentList(JobVersionService.deployments(img, r.param("job"))))));
        }
        break;
      case "tasks":
        if (s.size() == 2) return blocking(r, only(m, "GET", "/v1/tasks", () -> tasks(r)));
        // The path is decoded before it is split, so JOB/GROUP/INDEX (encoded or not) arrives as three segments.
        if ((s.size() == 4 || s.size() == 6) && s.get(s.size() - 1).equals("logs")) {
          String task = String.join("/", s.subList(2, s.size() - 1));
          return only(m, "GET", TaskLogRoute.ROUTE, () -> taskLogs.open(r, task));
        }
        break;
      case "nodes":
        if (s.size() == 2) return blocking(r, only(m, "GET", "/v1/nodes", () -> nodes(r)));
        if (s.size() == 4 && (s.get(3).equals("drain") || s.get(3).equals("undrain"))) {
          boolean drain = s.get(3).equals("drain");
          return only(m, "POST", "/v1/nodes/{id}/" + s.get(3), () -> nodeService.drain(s.get(2), drain)
              .thenCompose(v -> reads.read(true))
              .thenApply(img -> ApiResponse.json(200, nodeViews.view(img, leadership.isLeader()))));
        }
        break;
      case "cluster":
        if (s.size() == 2) return only(m, "GET", "/v1/cluster", () -> reads.read(true).thenCompose(cluster::view).thenApply(v -> ApiResponse.json(200, v)));
        if (s.size() == 3 && s.get(2).equals("transfer-leadership")) {
          return only(m, "POST", "/v1/cluster/transfer-leadership", () -> transfer(r));
        }
        break;
      case "events":
        if (s.size() == 2) return only(m, "GET", "/v1/events", () -> done(streams.open(r)));
        break;
      case "state":
        if (s.size() == 3 && s.get(2).equals("digest")) return only(m, "GET", "/v1/state/digest", () -> done(ApiResponse.json(200, cluster.digest())));
        break;
      default:
        break;
    }
    return notFound(r);
  }

  private static boolean dryRun(ApiRequest r) {
    String v = r.param("dryRun");
    if (v == null || v.equals("false")) return false;
    if (v.equals("true") || v.isEmpty()) return true;
    throw new ApiException(ErrorCode.BAD_REQUEST, "dryRun must be true or false (got '" + v + "')");
  }

  private static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
    com.fasterxml.jackson.databind.JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new ApiException(ErrorCode.BAD_REQUEST, field + " must be a string");
    return v.asText();
  }

  private static Integer integer(com.fasterxml.jackson.databind.JsonNode n, String field) {
    com.fasterxml.jackson.databind.JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new ApiException(ErrorCode.BAD_REQUEST, field + " must be a whole number (got " + v + ")");
    return v.asInt();
  }

  /** One page of jobs; parameters are checked before the read so that a bad one costs no read barrier. */
  private CompletableFuture<ApiResponse> jobList(ApiRequest r) {
    JobQuery q = PageParams.jobs(r);
    return reads.read(r.stale()).thenApply(img -> {
      Page<JobView> page = JobPages.page(img, q);
      return PageParams.respond(r, "/v1/jobs", new JobList(page.items()), page.next());
    });
  }

  private static ApiResponse job(StateImage img, String idOrName) {
    Job j = img.findJob(idOrName);
    if (j == null) throw new ApiException(ErrorCode.NOT_FOUND, "job '" + idOrName + "' does not exist");
    return indexed(ApiResponse.json(200, Views.job(img, j)), img);
  }

  /**
   * A blocking read ({@code ?index=N&wait=D}) is given its wait on top of the request timeout.
   * Its parameters are checked when it runs (after the token), so a bad one gets a 400.
   */
  private Route blocking(ApiRequest r, Route route) {
    if (r.param("index") == null) return route;
    return new Route(route.name(), route.run(), maxWait);
  }

  /** Completes at once for an ordinary read; for a blocking read, once the state is past {@code index} or the wait is over. */
  private CompletableFuture<Void> afterIndex(ApiRequest r) {
    WatchParams.Blocking b = WatchParams.blocking(r, maxWait);
    return b == null ? CompletableFuture.completedFuture(null) : indexWait.after(b.index(), b.timeout());
  }

  /** The index the answer reflects: the image it was read from. A client blocks on it next time. */
  private static ApiResponse indexed(ApiResponse resp, StateImage img) {
    return resp.withHeader(INDEX_HEADER, Long.toString(img.index()));
  }

  /** One page of tasks, filtered by {@code job}, {@code node} and {@code state}. */
  private CompletableFuture<ApiResponse> tasks(ApiRequest r) {
    TaskQuery q = PageParams.tasks(r);
    return afterIndex(r).thenCompose(v -> reads.read(r.stale())).thenApply(img -> {
      Page<TaskView> page = TaskPages.page(img, q);
      return indexed(PageParams.respond(r, "/v1/tasks", new TaskList(page.items()), page.next()), img);
    });
  }

  /** Live node figures live on the leader only, so a non-stale read is served there. */
  private CompletableFuture<ApiResponse> nodes(ApiRequest r) {
    if (!r.stale()) leadership.requireLeader();
    return afterIndex(r).thenCompose(v -> reads.read(r.stale()))
        .thenApply(img -> indexed(ApiResponse.json(200, nodeViews.view(img, leadership.isLeader())), img));
  }

  private CompletableFuture<ApiResponse> transfer(ApiRequest r) {
    String target = JsonBodies.object(r, "{\"target\": \"m2\"}").path("target").asText(null);
    if (target == null || target.isBlank()) throw new ApiException(ErrorCode.BAD_REQUEST, "target is required");
    return cluster.transferLeadership(target, transferTimeout)
        .thenCompose(v -> reads.read(true))
        .thenCompose(cluster::view)
        .thenApply(v -> ApiResponse.json(200, v));
  }

  private static CompletableFuture<ApiResponse> done(ApiResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  static Route only(String method, String allowed, String name, Supplier<CompletableFuture<ApiResponse>> run) {
    if (method.equals(allowed) || (method.equals("HEAD") && allowed.equals("GET"))) return new Route(name, run);
    return new Route(name, () -> done(ApiResponse.error(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + name + "; use " + allowed)
        .withHeader("Allow", allowed)));
  }

  private static Route notFound(ApiRequest r) {
    return new Route("unknown", () -> done(ApiResponse.error(ErrorCode.NOT_FOUND, "no such endpoint: " + r.method() + " " + r.uri())));
  }
}
