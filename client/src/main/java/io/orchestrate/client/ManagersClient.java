package io.orchestrate.client;

import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.FeaturesView;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.GcView;
import io.orchestrate.core.api.HealthView;
import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.NewTokenView;
import io.orchestrate.core.api.NodeList;
import io.orchestrate.core.api.TaskList;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.api.TokenList;
import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client of the managers' HTTP API that finds the leader by itself.
 *
 * <p>One request is tried on the manager that answered last, then on the others in the order given.
 * A {@code 307} is followed here (same method, same body, same headers; at most {@value #MAX_REDIRECT_HOPS}
 * hops), an unreachable or silent manager is skipped, and a {@code 503} (no leader, no quorum) ends the
 * round; after a round in which nobody could serve, the client waits (the largest {@code Retry-After}
 * seen, capped, or a growing backoff) and starts another, until the overall deadline. A 4xx is the
 * request's fault and is thrown at once. Writes are safe to retry only because callers attach an
 * idempotency key ({@link #submitJob}); stopping a job is idempotent by itself.
 *
 * <p>Not thread-safe: owned by the thread of one CLI invocation (the remembered address is a plain field).
 */
public final class ManagersClient {
  public static final int MAX_REDIRECT_HOPS = 5;
  /** Count bound on HTTP exchanges per request, on top of the deadline; only a misbehaving cluster reaches it. */
  static final int MAX_EXCHANGES = 1000;
  static final String HEALTH_PATH = "/v1/health";
  static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
  /** Less time than this left is not worth an exchange: it could only time out. */
  static final Duration MIN_USEFUL_TIME = Duration.ofMillis(20);
  /**
   * Rounds in a row in which every manager refused the connection before the client gives up early.
   * A refusal is a definite answer (nothing listens there), unlike silence or a 503, which may clear
   * within the deadline; two rounds, a backoff apart, let a manager that is just restarting come back.
   */
  static final int ALL_REFUSED_ROUNDS = 2;

  private static final System.Logger log = System.getLogger(ManagersClient.class.getName());

  private final List<URI> managers;
  private final ClientSettings settings;
  private final Time time;
  private final HttpClient http;
  /** Whether every request goes over HTTPS; redirects never leave it. */
  private final boolean tls;
  /** Base URI that last served a request (the leader, after a redirect); tried first. */
  private URI preferred;

  /**
   * @param addresses API addresses as users write them ({@code host:port}); at least one
   * @throws IllegalArgumentException naming a malformed address
   */
  public ManagersClient(List<String> addresses, ClientSettings settings, Time time) {
    this(addresses, settings, time, null);
  }

  /**
   * A client that speaks HTTPS with {@code tls} (its certificate, and the CA that managers'
   * certificates must come from), or plain HTTP if it is null.
   *
   * @throws IllegalArgumentException naming a malformed address, or one of the other scheme
   */
  public ManagersClient(List<String> addresses, ClientSettings settings, Time time, javax.net.ssl.SSLContext tls) {
    if (addresses == null || addresses.isEmpty()) throw new IllegalArgumentException("no manager address given");
    this.tls = tls != null;
    List<URI> parsed = new ArrayList<>();
    for (String a : addresses) {
      URI u = ManagerAddress.parse(a, tls != null);
      if (!parsed.contains(u)) parsed.add(u);
    }
    this.managers = List.copyOf(parsed);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.time = Objects.requireNonNull(time, "time");
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER) // followed here, so that a POST keeps its body and method
        .connectTimeout(settings.connectTimeout());
    if (tls != null) b.sslContext(tls);
    this.http = b.build();
  }

  /** The HTTP client, with this client's TLS; for streams that manage their own exchanges ({@link EventStreamClient}). */
  HttpClient http() {
    return http;
  }

  ClientSettings settings() {
    return settings;
  }

  Time time() {
    return time;
  }

  /** The manager that last answered, or null. */
  URI preferred() {
    return preferred;
  }

  public List<URI> managers() {
    return managers;
  }

  /** {@code POST /v1/jobs}: the job file as-is (YAML or JSON). {@code idempotencyKey} makes internal retries safe. */
  public Reply<JobView> submitJob(byte[] jobFile, String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    String type = JobFiles.looksLikeJson(jobFile) ? "application/json" : "application/yaml";
    return typed(ApiRequest.post("/v1/jobs", jobFile, type).withHeader("Idempotency-Key", idempotencyKey), JobView.class);
  }

  /**
   * {@code POST /v1/jobs?dryRun=true}: what submitting the file would do (the diff against the live
   * version, the tasks created, replaced and stopped, whether they fit), changing nothing.
   */
  public Reply<io.orchestrate.core.api.JobPlanView> planJob(byte[] jobFile) {
    String type = JobFiles.looksLikeJson(jobFile) ? "application/json" : "application/yaml";
    return typed(ApiRequest.post("/v1/jobs", jobFile, type).withQuery("dryRun", "true"), io.orchestrate.core.api.JobPlanView.class);
  }

  /** {@code GET /v1/jobs/{id}/versions}: the job's kept versions, oldest first. */
  public Reply<io.orchestrate.core.api.JobHistoryView> jobVersions(String id) {
    return typed(ApiRequest.get("/v1/jobs/" + Paths.segment(id) + "/versions"), io.orchestrate.core.api.JobHistoryView.class);
  }

  /**
   * {@code POST /v1/jobs/{id}/scale}: a new version with only {@code group}'s count changed. Safe to
   * retry: once applied, the same count again changes nothing.
   */
  public Reply<JobView> scaleJob(String id, String group, int count) {
    byte[] body = Json.bytes(Map.of("group", group, "count", count));
    return typed(ApiRequest.post("/v1/jobs/" + Paths.segment(id) + "/scale", body, "application/json"), JobView.class);
  }

  /** {@code POST /v1/jobs/{id}/revert}: a kept version's spec as a new version. Safe to retry, like scale. */
  public Reply<JobView> revertJob(String id, int version) {
    byte[] body = Json.bytes(Map.of("version", version));
    return typed(ApiRequest.post("/v1/jobs/" + Paths.segment(id) + "/revert", body, "application/json"), JobView.class);
  }

  /** {@link #restartJob(String, String, String)} with a fresh idempotency key. */
  public Reply<io.orchestrate.core.model.Deployment> restartJob(String id, String group) {
    return restartJob(id, group, java.util.UUID.randomUUID().toString());
  }

  /**
   * {@code POST /v1/jobs/{id}/restart}: a rolling restart of {@code group} (null: every group); answers the deployment
   * started. {@code idempotencyKey} goes with every internal retry, so a retry after a lost answer gets the deployment the
   * first attempt started instead of "deployment running".
   */
  public Reply<io.orchestrate.core.model.Deployment> restartJob(String id, String group, String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    byte[] body = Json.bytes(group == null ? Map.of() : Map.of("group", group));
    return typed(ApiRequest.post("/v1/jobs/" + Paths.segment(id) + "/restart", body, "application/json").withHeader("Idempotency-Key", idempotencyKey),
        io.orchestrate.core.model.Deployment.class);
  }

  /** {@code GET /v1/deployments[?job=]}: a job's kept deployments, or every job's latest; newest first. */
  public Reply<io.orchestrate.core.api.DeploymentList> deployments(String job) {
    ApiRequest r = ApiRequest.get("/v1/deployments");
    return typed(job == null ? r : r.withQuery("job", job), io.orchestrate.core.api.DeploymentList.class);
  }

  /** {@code GET /v1/jobs}: one request, so the first page only (1,000 jobs); {@link #jobPages} reads them all. */
  public Reply<JobList> jobs() {
    return typed(ApiRequest.get("/v1/jobs"), JobList.class);
  }

  /**
   * Every job that {@code filter} selects, in submission order, a page per request as the caller
   * iterates; at most {@code maxItems} of them ({@code Long.MAX_VALUE} for all).
   */
  public Pages<JobView> jobPages(JobFilter filter, long maxItems) {
    return new Pages<>(this, filter.request(), filter.pageSize(), maxItems, r -> listOrEmpty(r.read(JobList.class).jobs()));
  }

  public Reply<JobView> job(String id) {
    return typed(ApiRequest.get("/v1/jobs/" + Paths.segment(id)), JobView.class);
  }

  /** {@code DELETE /v1/jobs/{id}}; stopping a stopped job answers the job again. */
  public Reply<JobView> stopJob(String id) {
    return typed(ApiRequest.delete("/v1/jobs/" + Paths.segment(id)), JobView.class);
  }

  /**
   * {@code GET /v1/tasks}: one request, so the first page only (1,000 tasks); {@link #taskPages}
   * and {@link #allTasks} read them all.
   *
   * @param jobId null for every task
   */
  public Reply<TaskList> tasks(String jobId) {
    ApiRequest r = ApiRequest.get("/v1/tasks");
    return typed(jobId == null ? r : r.withQuery("job", jobId), TaskList.class);
  }

  /**
   * Every task that {@code filter} selects, ordered by job and then slot, a page per request as the
   * caller iterates; at most {@code maxItems} of them ({@code Long.MAX_VALUE} for all).
   */
  public Pages<TaskView> taskPages(TaskFilter filter, long maxItems) {
    return new Pages<>(this, filter.request(), filter.pageSize(), maxItems, r -> listOrEmpty(r.read(TaskList.class).tasks()));
  }

  /** Every task that {@code filter} selects, read page by page and held in one list: for listings known to be small. */
  public List<TaskView> allTasks(TaskFilter filter) {
    List<TaskView> out = new ArrayList<>();
    for (Pages<TaskView> p = taskPages(filter, Long.MAX_VALUE); p.hasNext(); ) out.addAll(p.next().items());
    return out;
  }

  private static <T> List<T> listOrEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  public Reply<NodeList> nodes() {
    return typed(ApiRequest.get("/v1/nodes"), NodeList.class);
  }

  /** Drains ({@code drain} true) or undrains a node; answers with the nodes after the change. */
  public Reply<NodeList> drainNode(String nodeId, boolean drain) {
    return typed(new ApiRequest("POST", "/v1/nodes/" + Paths.segment(nodeId) + (drain ? "/drain" : "/undrain"), new byte[0], java.util.Map.of()), NodeList.class);
  }

  public Reply<ClusterView> cluster() {
    return typed(ApiRequest.get("/v1/cluster"), ClusterView.class);
  }

  public Reply<ClusterView> transferLeadership(String targetId) {
    byte[] body = Json.bytes(Map.of("target", targetId));
    return typed(ApiRequest.post("/v1/cluster/transfer-leadership", body, "application/json"), ClusterView.class);
  }

  /** {@code POST /v1/cluster/members}: adds a manager started with {@code --join}; repeating it is a no-op. */
  public Reply<ClusterView> addManager(String id, String raftAddress) {
    byte[] body = Json.bytes(Map.of("id", id, "raftAddress", raftAddress));
    return typed(ApiRequest.post("/v1/cluster/members", body, "application/json"), ClusterView.class);
  }

  /** {@code DELETE /v1/cluster/members/{id}}. */
  public Reply<ClusterView> removeManager(String id) {
    return typed(ApiRequest.delete("/v1/cluster/members/" + Paths.segment(id)), ClusterView.class);
  }

  /** {@code GET /v1/snapshot}: a snapshot file's bytes, from whichever manager answers. */
  public ApiResponse snapshot() {
    return send(ApiRequest.get("/v1/snapshot"));
  }

  /**
   * {@code POST /v1/gc}: collects ended jobs and DOWN nodes now. Null keeps the managers' retention
   * for that kind; a duration collects what ended at least that long ago ({@code Duration.ZERO}:
   * everything ended). Safe to retry: a repeat removes only what is still there.
   */
  public Reply<GcView> collectGarbage(Duration jobsOlderThan, Duration nodesOlderThan) {
    ApiRequest r = new ApiRequest("POST", "/v1/gc", new byte[0], Map.of());
    if (jobsOlderThan != null) r = r.withQuery("jobsOlderThan", jobsOlderThan.toMillis() + "ms");
    if (nodesOlderThan != null) r = r.withQuery("nodesOlderThan", nodesOlderThan.toMillis() + "ms");
    return typed(r, GcView.class);
  }

  /** {@code GET /v1/cluster/features}: the active feature level, what each voting manager supports, what each level adds. */
  public Reply<FeaturesView> features() {
    return typed(ApiRequest.get("/v1/cluster/features"), FeaturesView.class);
  }

  /** {@code POST /v1/cluster/features/upgrade}: raises the level to the highest every voting manager supports. */
  public Reply<FeaturesView> upgradeFeatures() {
    return typed(new ApiRequest("POST", "/v1/cluster/features/upgrade", new byte[0], Map.of()), FeaturesView.class);
  }

  /** {@code POST /v1/acl/bootstrap}: the first operator token; its secret is in this answer only. */
  public Reply<NewTokenView> bootstrapAcl() {
    return typed(new ApiRequest("POST", "/v1/acl/bootstrap", new byte[0], Map.of()), NewTokenView.class);
  }

  /** {@code POST /v1/acl/tokens}: a new token with {@code role} (read, submit or operator); {@code name} may be null. */
  public Reply<NewTokenView> createToken(String role, String name) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("role", role);
    if (name != null) body.put("name", name);
    return typed(ApiRequest.post("/v1/acl/tokens", Json.bytes(body), "application/json"), NewTokenView.class);
  }

  /** {@code GET /v1/acl/tokens}: every token, without secrets. */
  public Reply<TokenList> tokens() {
    return typed(ApiRequest.get("/v1/acl/tokens"), TokenList.class);
  }

  /** {@code DELETE /v1/acl/tokens/{accessor}}. */
  public ApiResponse revokeToken(String accessor) {
    return send(ApiRequest.delete("/v1/acl/tokens/" + Paths.segment(accessor)));
  }

  /**
   * {@code GET /v1/health} from the first manager that answers. Its 503 (starting, no leader,
   * failed) carries the same view with the reason: an answer about that manager, returned as such.
   */
  public Reply<HealthView> health() {
    return typed(ApiRequest.get(HEALTH_PATH), HealthView.class);
  }

  private <T> Reply<T> typed(ApiRequest request, Class<T> type) {
    ApiResponse r = send(request);
    return new Reply<>(r.read(type), r);
  }

  /**
   * Sends one request to whichever manager can serve it.
   *
   * @throws RequestRejectedException    a manager answered 4xx (or 5xx other than 503); a 401 only once most of
   *                                     the managers refused the token in one round, or at the deadline
   * @throws ClusterUnavailableException no manager served it before the deadline
   */
  public ApiResponse send(ApiRequest request) {
    ApiRequest req = settings.stale() && request.isRead() ? request.withQuery("stale", "true") : request;
    long deadline = time.nanoTime() + settings.timeout().toNanos();
    Map<String, String> problems = new LinkedHashMap<>();
    Tally tally = new Tally();
    RequestRejectedException unauthenticated = null;
    int refusedRounds = 0;
    for (int round = 0; ; round++) {
      Duration retryAfter = null;
      int refusedToken = 0;
      boolean allRefused = true;
      for (URI base : order()) {
        if (outOfTime(deadline) || tally.exchanges >= MAX_EXCHANGES) {
          if (unauthenticated != null) throw refusal(unauthenticated, tally);
          throw unavailable(problems, tally);
        }
        Attempt a;
        try {
          a = attempt(base, req, deadline, tally);
        } catch (RequestRejectedException e) {
          // Each manager checks tokens against its own replica, so one that has not applied the entry that made the
          // token yet (just restarted, or behind) answers 401 while the others know it. A 401 comes before any
          // redirect or proposal, so asking another manager cannot apply a write twice. Most managers refusing it
          // in one round is taken as final: the entry that made a token is in a majority's logs, and a manager that
          // answers has normally applied it. Fewer (the others down or paused) are asked again until the deadline.
          if (e.status() != 401) throw e;
          unauthenticated = e;
          refusedToken++;
          allRefused = false;
          problems.put(ManagerAddress.display(base), "401: " + e.getMessage());
          continue;
        }
        if (a.response != null) return a.response;
        allRefused &= a.refused;
        // An exchange the deadline cut short says less than what this manager did before.
        if (!a.cutByDeadline || !problems.containsKey(ManagerAddress.display(base))) {
          problems.put(ManagerAddress.display(base), a.problem);
        }
        log.log(System.Logger.Level.DEBUG, () -> req.method() + " " + req.path() + " on " + ManagerAddress.display(base) + ": " + a.problem);
        if (Thread.currentThread().isInterrupted()) throw unavailable(problems, tally);
        if (a.retryAfter != null && (retryAfter == null || a.retryAfter.compareTo(retryAfter) > 0)) retryAfter = a.retryAfter;
      }
      if (refusedToken > managers.size() / 2) throw refusal(unauthenticated, tally);
      refusedRounds = allRefused ? refusedRounds + 1 : 0;
      if (refusedRounds >= ALL_REFUSED_ROUNDS) throw unavailable("every manager refused the connection", problems, tally);
      Duration wait = retryAfter != null ? min(retryAfter, settings.maxRetryWait()) : backoff(round);
      if (wait.compareTo(MIN_BACKOFF) < 0) wait = MIN_BACKOFF;
      Duration left = remaining(deadline);
      if (outOfTime(deadline)) {
        if (unauthenticated != null) throw refusal(unauthenticated, tally);
        throw unavailable(problems, tally);
      }
      try {
        time.sleep(min(wait, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.put("client", "interrupted while waiting to retry");
        throw unavailable(problems, tally);
      }
    }
  }

  /**
   * The 401 to report at the end, saying whether any attempt of the request, after the refusal too,
   * may have taken effect: a 401 kept from an early round must not vouch that a write sent to
   * another manager later (and left unanswered) did nothing.
   */
  private static RequestRejectedException refusal(RequestRejectedException e, Tally tally) {
    if (e.earlierAttemptMayHaveTakenEffect() || !tally.mayHaveReachedAManager) return e;
    return new RequestRejectedException(e.status(), e.code(), e.getMessage(), e.manager(), e.body(), true);
  }

  /**
   * What the attempts of one request have done so far. {@code mayHaveReachedAManager} turns true once
   * a request was sent and its fate is unknown (no answer in time, a connection cut after sending, a
   * 503 to a write): whatever happens next, the request may have taken effect, which a caller that
   * records outcomes (the chaos suite's history) must not call a failure.
   */
  private static final class Tally {
    int exchanges;
    boolean mayHaveReachedAManager;
  }

  /** The outcome of trying one manager: a response, or a problem (and maybe how long the manager asked us to wait). */
  private record Attempt(ApiResponse response, String problem, Duration retryAfter, boolean cutByDeadline, boolean refused) {
    Attempt(ApiResponse response, String problem, Duration retryAfter, boolean cutByDeadline) {
      this(response, problem, retryAfter, cutByDeadline, false);
    }

    static Attempt failed(String problem) {
      return new Attempt(null, problem, null, false);
    }

    static Attempt cut(String problem) {
      return new Attempt(null, problem, null, true);
    }

    /** Nothing listens at the manager's own address (not at a leader it redirected to: the redirecting one is up). */
    static Attempt refused(String problem) {
      return new Attempt(null, problem, null, false, true);
    }
  }

  private Attempt attempt(URI base, ApiRequest req, long deadline, Tally tally) {
    URI target = base.resolve(req.path());
    String via = "";
    for (int hop = 0; hop <= MAX_REDIRECT_HOPS; hop++) {
      Duration left = remaining(deadline);
      if (outOfTime(deadline) || tally.exchanges >= MAX_EXCHANGES) return Attempt.cut(via + "out of time");
      tally.exchanges++;
      boolean deadlineBound = left.compareTo(settings.attemptTimeout()) < 0;
      HttpResponse<byte[]> r;
      try {
        r = http.send(build(target, req, min(settings.attemptTimeout(), left)), HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpConnectTimeoutException e) {
        return Attempt.failed(via + "no connection within " + seconds(settings.connectTimeout())); // never sent
      } catch (HttpTimeoutException e) {
        tally.mayHaveReachedAManager = true;
        String problem = via + "no answer within " + seconds(min(settings.attemptTimeout(), left));
        return deadlineBound ? Attempt.cut(problem) : Attempt.failed(problem);
      } catch (IOException e) {
        // Refused: never sent. Anything else (a reset, a close mid-exchange) may have come after the manager read it.
        if (!(e instanceof java.net.ConnectException)) tally.mayHaveReachedAManager = true;
        if (e instanceof java.net.ConnectException && hop == 0) return Attempt.refused(describe(e));
        return Attempt.failed(via + describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Attempt.failed(via + "interrupted");
      }
      int status = r.statusCode();
      if (status >= 200 && status < 300) {
        preferred = ManagerAddress.base(target);
        return new Attempt(new ApiResponse(status, preferred, r.body(), r.headers().map()), null, null, false);
      }
      if (status == 307 || status == 308) {
        Optional<URI> next = redirectTarget(target, req, r, tls);
        if (next.isEmpty()) return Attempt.failed(via + "redirected without naming the leader");
        target = next.get();
        via = via + "redirected to " + ManagerAddress.display(ManagerAddress.base(target)) + ": ";
        continue;
      }
      ErrorBody error = errorBody(r.body());
      String message = error != null && error.error() != null ? error.error() : "HTTP " + status + snippet(r.body());
      // A health answer (no "error" field) is that manager's view, not a reason to try another.
      if (status == 503 && req.path().equals(HEALTH_PATH) && (error == null || error.error() == null)) {
        return new Attempt(new ApiResponse(status, ManagerAddress.base(target), r.body(), r.headers().map()), null, null, false);
      }
      if (status == 503) {
        // No leader, no quorum, or a commit not seen in time: a write may still be proposed.
        if (!req.isRead()) tally.mayHaveReachedAManager = true;
        return new Attempt(null, via + "unavailable (" + message + ")", retryAfter(r).orElse(null), false);
      }
      ErrorCode code = error != null && error.code() != null ? ErrorCode.byWire(error.code()) : codeFor(status);
      throw new RequestRejectedException(status, code, message, ManagerAddress.display(ManagerAddress.base(target)), r.body(),
          tally.mayHaveReachedAManager);
    }
    return Attempt.failed(via + "more than " + MAX_REDIRECT_HOPS + " redirects");
  }

  private HttpRequest build(URI target, ApiRequest req, Duration timeout) {
    HttpRequest.BodyPublisher body =
        req.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(req.body());
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout).method(req.method(), body)
        .header("Accept", "application/json");
    req.headers().forEach(b::header);
    // Set here for every exchange, so that a redirect to the leader carries it as well.
    if (settings.token() != null) b.header("Authorization", "Bearer " + settings.token());
    return b.build();
  }

  /**
   * A redirect never moves a TLS client to plain HTTP (nor the reverse): a manager that names the
   * leader as {@code http://} is taken to mean the same host and port on the client's scheme.
   */
  private static URI keepScheme(URI target, boolean tls) {
    String scheme = tls ? "https" : "http";
    if (scheme.equals(target.getScheme())) return target;
    return URI.create(scheme + "://" + target.getRawAuthority() + (target.getRawPath() == null ? "" : target.getRawPath())
        + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
  }

  /** Location if given, else the leader's API address from the body, keeping the request's path. */
  private static Optional<URI> redirectTarget(URI from, ApiRequest req, HttpResponse<byte[]> r, boolean tls) {
    Optional<String> location = r.headers().firstValue("Location");
    try {
      if (location.isPresent() && !location.get().isBlank()) return Optional.of(keepScheme(from.resolve(location.get().strip()), tls));
      ErrorBody e = errorBody(r.body());
      if (e != null && e.leaderApi() != null && !e.leaderApi().isBlank()) {
        return Optional.of(ManagerAddress.parse(e.leaderApi(), tls).resolve(req.path()));
      }
    } catch (IllegalArgumentException e) {
      log.log(System.Logger.Level.DEBUG, () -> "unusable redirect from " + from + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  private List<URI> order() {
    List<URI> order = new ArrayList<>(managers.size() + 1);
    if (preferred != null) order.add(preferred);
    for (URI m : managers) {
      if (!m.equals(preferred)) order.add(m);
    }
    return order;
  }

  private ClusterUnavailableException unavailable(Map<String, String> problems, Tally tally) {
    return unavailable("no manager served the request within " + seconds(settings.timeout()), problems, tally);
  }

  private ClusterUnavailableException unavailable(String why, Map<String, String> problems, Tally tally) {
    StringBuilder sb = new StringBuilder("cluster unavailable: ").append(why).append(". Tried ");
    List<String> tried = new ArrayList<>();
    for (URI m : order()) {
      String d = ManagerAddress.display(m);
      tried.add(d + " (" + problems.getOrDefault(d, "not tried") + ")");
    }
    problems.forEach((k, v) -> {
      if (tried.stream().noneMatch(t -> t.startsWith(k + " ("))) tried.add(k + " (" + v + ")");
    });
    sb.append(String.join(", ", tried));
    return new ClusterUnavailableException(sb.toString(), problems, tally.mayHaveReachedAManager);
  }

  private boolean outOfTime(long deadline) {
    return remaining(deadline).compareTo(MIN_USEFUL_TIME) < 0;
  }

  private Duration remaining(long deadline) {
    long left = deadline - time.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  private static Duration backoff(int round) {
    long ms = MIN_BACKOFF.toMillis() << Math.min(round, 10);
    return min(Duration.ofMillis(ms), MAX_BACKOFF);
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> r) {
    // Only the delta-seconds form; an HTTP-date is ignored in favour of our own backoff.
    return r.headers().firstValue("Retry-After").flatMap(v -> {
      try {
        long s = Long.parseLong(v.strip());
        return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  static ErrorBody errorBody(byte[] body) {
    if (body == null || body.length == 0) return null;
    try {
      return Json.lenient().readValue(body, ErrorBody.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static ErrorCode codeFor(int status) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.httpStatus() == status) return c;
    }
    return status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
  }

  static String describe(IOException e) {
    String kind = e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
    String m = e.getMessage();
    return m == null || m.isBlank() || kind.equals("connection refused") ? kind : kind + ": " + m;
  }

  private static String snippet(byte[] body) {
    if (body == null || body.length == 0) return "";
    String s = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    return ": " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
