package io.orchestrate.manager.service;

import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.DigestView;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.HealthView;
import io.orchestrate.core.api.MemberView;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.raft.RaftNode;
import io.orchestrate.manager.state.StateImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;

/**
 * Membership, health and the state digest. The cluster view asks every member for its own health
 * (short timeout) so that each member's role and applied index are what that member reports, not
 * a guess; an unreachable member shows as UNREACHABLE.
 */
public final class ClusterService {
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

  private final RaftNode raft;
  private final OrchestrateStateMachine sm;
  private final Leadership leadership;
  private final Executor blocking;
  private final HttpClient http;
  /** "https" when the managers' APIs take TLS: this manager probes them with its own certificate. */
  private final String scheme;
  private final ManagerHealth health = new ManagerHealth(System::nanoTime);
  private final int featureLevel;

  public ClusterService(RaftNode raft, OrchestrateStateMachine sm, Leadership leadership, Executor blocking) {
    this(raft, sm, leadership, blocking, null, io.orchestrate.core.feature.FeatureLevel.HIGHEST);
  }

  /**
   * @param tls          probes the other managers' APIs over HTTPS with it, or plain HTTP if null
   * @param featureLevel the highest cluster feature level this manager supports, as its health answer says
   */
  public ClusterService(RaftNode raft, OrchestrateStateMachine sm, Leadership leadership, Executor blocking,
      javax.net.ssl.SSLContext tls, int featureLevel) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT);
    if (tls != null) b.sslContext(tls);
    this.http = b.build();
    this.scheme = tls == null ? "http" : "https";
    this.featureLevel = featureLevel;
    this.raft = raft;
    this.sm = sm;
    this.leadership = leadership;
    this.blocking = blocking;
  }

  public HealthView health() {
    String self = raft.selfId().toString();
    DivisionInfo i;
    try {
      i = leadership.info();
    } catch (ApiException e) {
      // Starting (the API is up before Raft) or stopping: alive, not serving.
      return health.notRunning(self, e.getMessage()).withFeatureLevel(featureLevel);
    }
    // Ratis gives its division a role only once the server has started: until then this manager is starting.
    if (i.getCurrentRole() == null) return health.notRunning(self, "Raft is starting").withFeatureLevel(featureLevel);
    String leader = i.getLeaderId() == null ? null : i.getLeaderId().toString();
    int managers;
    try {
      managers = raft.division().getRaftConf().getCurrentPeers().size();
    } catch (IOException e) {
      managers = 0;
    }
    return health.view(self, i.getCurrentRole().name(), leader, i.getCurrentTerm(), i.getLastAppliedIndex(), managers, sm.failure())
        .withFeatureLevel(featureLevel);
  }

  /** Raft named a leader: from now on, knowing none is {@code no-leader}, not {@code starting}. */
  public void leaderSeen() {
    health.leaderSeen();
  }

  public DigestView digest() {
    var d = sm.digest();
    return new DigestView(raft.selfId().toString(), d.index(), d.sha256());
  }

  public CompletableFuture<ClusterView> view(StateImage image) {
    DivisionInfo info = leadership.info();
    String leader = info.getLeaderId() == null ? null : info.getLeaderId().toString();
    Collection<RaftPeer> peers;
    try {
      peers = raft.division().getRaftConf().getCurrentPeers();
    } catch (IOException e) {
      throw ApiException.unavailable("the Raft server is not running");
    }
    List<RaftPeer> sorted = new ArrayList<>(peers);
    sorted.sort(Comparator.comparing(p -> p.getId().toString()));
    List<CompletableFuture<MemberView>> probes = new ArrayList<>();
    for (RaftPeer p : sorted) {
      String id = p.getId().toString();
      ManagerInfo m = image.managers().get(id);
      String api = m == null ? null : m.apiAddress();
      String gw = m == null ? null : m.gatewayAddress();
      if (p.getId().equals(raft.selfId())) {
        probes.add(CompletableFuture.completedFuture(
            new MemberView(id, p.getAddress(), api, gw, info.getCurrentRole().name(), info.getLastAppliedIndex())));
      } else {
        probes.add(probe(api).thenApply(h -> h == null
            ? new MemberView(id, p.getAddress(), api, gw, "UNREACHABLE", -1)
            : new MemberView(id, p.getAddress(), api, gw, h.role(), h.appliedIndex())));
      }
    }
    long term = info.getCurrentTerm();
    String self = raft.selfId().toString();
    return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
        .thenApply(v -> new ClusterView(leader, term, self, probes.stream().map(CompletableFuture::join).toList()));
  }

  /**
   * The highest feature level each voting member supports, asked of each member now (its health
   * answer; a member of a release before levels reports none, which is the baseline), by id; null
   * for a member that did not answer. A manager publishes its level in the log only once the
   * cluster's level has the field, so before that this is the only way to learn it.
   */
  public CompletableFuture<java.util.SortedMap<String, Integer>> voterLevels(StateImage image) {
    Collection<RaftPeer> peers;
    try {
      peers = raft.division().getRaftConf().getCurrentPeers();
    } catch (IOException e) {
      throw ApiException.unavailable("the Raft server is not running");
    }
    java.util.Map<String, CompletableFuture<Integer>> asked = new java.util.TreeMap<>();
    for (RaftPeer p : peers) {
      String id = p.getId().toString();
      if (p.getId().equals(raft.selfId())) {
        asked.put(id, CompletableFuture.completedFuture(featureLevel));
      } else {
        ManagerInfo m = image.managers().get(id);
        asked.put(id, probe(m == null ? null : m.apiAddress()).thenApply(h -> h == null ? null
            : h.featureLevel() == null ? io.orchestrate.core.feature.FeatureLevel.BASELINE : h.featureLevel()));
      }
    }
    return CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
      java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
      asked.forEach((id, f) -> out.put(id, f.join()));
      return out;
    });
  }

  private CompletableFuture<HealthView> probe(String api) {
    if (api == null) return CompletableFuture.completedFuture(null);
    HttpRequest req = HttpRequest.newBuilder(URI.create(scheme + "://" + api + "/v1/health")).timeout(PROBE_TIMEOUT).GET().build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
        // A member that cannot serve answers 503 with its view (role, applied index): still a member that answers.
        .thenApply(r -> r.statusCode() == 200 || r.statusCode() == 503 ? healthView(r.body()) : null)
        .exceptionally(t -> null);
  }

  /** The view in a health answer; null for any other body (a 503 from a connection limit, say). */
  private static HealthView healthView(byte[] body) {
    Object tree = readTree(body);
    HealthView h = tree == null ? null : Json.lenient().convertValue(tree, HealthView.class);
    return h == null || h.status() == null ? null : h;
  }

  private static Object readTree(byte[] b) {
    try {
      return Json.lenient().readTree(b);
    } catch (IOException e) {
      return null;
    }
  }

  /** Asks Ratis to hand leadership to {@code target}; answers once it has moved or fails. */
  public CompletableFuture<Void> transferLeadership(String target, Duration timeout) {
    boolean member;
    try {
      member = raft.division().getRaftConf().getPeer(RaftPeerId.valueOf(target)) != null;
    } catch (IOException e) {
      throw ApiException.unavailable("the Raft server is not running");
    }
    if (!member) throw new ApiException(ErrorCode.NOT_FOUND, "manager '" + target + "' is not a member of the cluster");
    return CompletableFuture.supplyAsync(() -> {
      try {
        RaftClientReply r = raft.client().admin().transferLeadership(RaftPeerId.valueOf(target), timeout.toMillis());
        if (!r.isSuccess()) {
          throw new ApiException(ErrorCode.CONFLICT, "leadership transfer to " + target + " failed: "
              + (r.getException() == null ? "unknown reason" : r.getException().getMessage()));
        }
        return null;
      } catch (IOException e) {
        throw new ApiException(ErrorCode.CONFLICT, "leadership transfer to " + target + " failed: " + e.getMessage());
      }
    }, blocking);
  }
}
