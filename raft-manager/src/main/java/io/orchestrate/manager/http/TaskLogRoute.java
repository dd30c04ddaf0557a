package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.manager.logs.TaskLogRelays;
import io.orchestrate.manager.service.ApiException;
import io.orchestrate.manager.service.Leadership;
import io.orchestrate.manager.service.Reads;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.StateImage;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/tasks/{id}/logs}: a task's output, streamed from the worker that runs it through
 * this manager's gateway. Workers hold their connection to the leader only, so only the leader can
 * serve it: a follower redirects (307) there as it does for writes. The task is named by its id or
 * as {@code JOB/GROUP/INDEX} (the current copy at that place). Streams are bounded per manager and
 * per client ({@link io.orchestrate.manager.config.LogRelayLimits}): one more is answered 429.
 */
final class TaskLogRoute {
  static final String ROUTE = "/v1/tasks/{id}/logs";

  private final Leadership leadership;
  private final Reads reads;
  private final TaskLogRelays relays;
  /** Whether tokens are checked: only then is a token an identity a client cannot mint at will. */
  private final boolean tokensChecked;

  TaskLogRoute(Leadership leadership, Reads reads, TaskLogRelays relays, boolean tokensChecked) {
    this.leadership = leadership;
    this.reads = reads;
    this.relays = relays;
    this.tokensChecked = tokensChecked;
  }

  CompletableFuture<ApiResponse> open(ApiRequest r, String name) {
    TaskLogParams p = TaskLogParams.of(r);
    leadership.requireLeader();
    return reads.read(false).thenApply(img -> {
      Task t = find(img, name);
      if (t.node() == null) {
        throw new ApiException(ErrorCode.CONFLICT, "task " + t.id() + " is " + t.state() + " and not placed on a node yet; it has no output");
      }
      Node n = img.nodes().get(t.node());
      if (n == null || n.state() == NodeState.DOWN) {
        throw new ApiException(ErrorCode.CONFLICT, "node " + t.node() + " is down: the output of task " + t.id()
            + " cannot be read until it is back");
      }
      NodeSessions.Session s = relays.session(t.node());
      if (s == null) {
        throw ApiException.unavailable("node " + t.node() + " is not connected to the leader right now (it may be reconnecting); retry");
      }
      if (!s.servesLogs()) {
        throw new ApiException(ErrorCode.CONFLICT, "worker " + t.node() + " does not support logs: it runs an older release; upgrade it");
      }
      // Last, so that a refused request holds no slot; the stream gives it back when its connection closes.
      return ApiResponse.stream(new TaskLogStream(relays, relays.admit(client(r, tokensChecked)), s, t.id(), p));
    });
  }

  /**
   * Who a stream counts against for {@code logsMaxStreamsPerClient}: its API token (by hash, never
   * the secret itself) where tokens are checked, else its address.
   */
  static String client(ApiRequest r, boolean tokensChecked) {
    String secret = tokensChecked ? Access.bearer(r.header("Authorization")) : null;
    if (secret != null) return "token " + io.orchestrate.manager.acl.TokenSecrets.sha256Hex(secret);
    return "address " + (r.peer() == null ? "unknown" : r.peer());
  }

  /** By id, or by {@code JOB/GROUP/INDEX}: the newest copy at that place (a replaced one points at its replacement). */
  static Task find(StateImage img, String name) {
    Task byId = img.tasks().get(name);
    if (byId != null) return byId;
    String[] parts = name.split("/", -1);
    if (parts.length == 3) {
      Job j = img.findJob(parts[0]);
      int index;
      try {
        index = Integer.parseInt(parts[2]);
      } catch (NumberFormatException e) {
        index = -1;
      }
      if (j != null && index >= 0) {
        Task best = null;
        for (Task t : img.tasksOf(j.id())) {
          if (!t.group().equals(parts[1]) || t.index() != index) continue;
          if (best == null || t.createdAtMillis() > best.createdAtMillis() || (t.replacedBy() == null && best.replacedBy() != null)) best = t;
        }
        if (best != null) return best;
      }
      throw new ApiException(ErrorCode.NOT_FOUND, "no task at " + name + " (JOB/GROUP/INDEX)");
    }
    throw new ApiException(ErrorCode.NOT_FOUND, "task '" + name + "' does not exist (give a task id or JOB/GROUP/INDEX)");
  }
}
