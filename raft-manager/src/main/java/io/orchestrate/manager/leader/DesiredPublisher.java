package io.orchestrate.manager.leader;

import io.netty.channel.ChannelFutureListener;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredDigest;
import io.orchestrate.gateway.protocol.DesiredFrames;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.manager.session.DesiredDelivery;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.PersistentSet;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each connected worker its desired set, level-triggered and confirmed. After a state
 * change (and on every leader tick) each session whose node's tasks changed gets the difference
 * from what it was last sent, as a chain of bounded delta frames; a session that has just opened,
 * whose write failed, or whose worker reports (in its heartbeats) a version or digest other than
 * what was sent gets the whole set again, in bounded parts. So a frame that is dropped, duplicated
 * or reordered on the way costs at most a resend, and no frame grows with the cluster.
 *
 * <p>A worker of an older release, which does not read versioned sets, still gets the whole set
 * in one frame whenever it changes. Runs on the leader thread.
 */
final class DesiredPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(DesiredPublisher.class);

  private final Supplier<StateImage> image;
  private final NodeSessions sessions;
  private final long resyncAfterNanos;
  private final int budgetBytes;
  private final LongSupplier nanoTime;

  /**
   * @param resyncAfter how long acknowledgements may stall while frames are outstanding before
   *                    the whole set is sent again; a few heartbeat intervals
   */
  DesiredPublisher(Supplier<StateImage> image, NodeSessions sessions, java.time.Duration resyncAfter, int budgetBytes, LongSupplier nanoTime) {
    this.image = image;
    this.sessions = sessions;
    this.resyncAfterNanos = resyncAfter.toNanos();
    this.budgetBytes = budgetBytes;
    this.nanoTime = nanoTime;
  }

  /** Sends every session what it lacks. */
  void publish(long term) {
    StateImage s = image.get();
    for (NodeSessions.Session session : sessions.all()) publish(term, s, session);
  }

  /** Sends one session what it lacks (its whole set, for a session that has just opened). */
  void publish(long term, NodeSessions.Session session) {
    publish(term, image.get(), session);
  }

  private void publish(long term, StateImage s, NodeSessions.Session session) {
    if (!session.versioned()) {
      publishUnversioned(term, s, session);
      return;
    }
    DesiredDelivery d = session.delivery();
    PersistentSet<String> ids = s.taskIdsOnNode(session.nodeId());
    // Three of the worker's own heartbeats at least: a paced worker acknowledges less often.
    String full = d.fullSetNeeded(Math.max(resyncAfterNanos, 3 * session.heartbeat().toNanos()));
    if (full == null && ids == d.sentFrom()) return;
    if (full != null) {
      Map<String, DesiredTask> now = desired(s, ids);
      if (d.fullSends() > 0) LOG.warn("node {}: sending the whole desired set again ({} tasks): {}", session.nodeId(), now.size(), full);
      Map<String, Long> generations = new HashMap<>();
      now.values().forEach(t -> generations.put(t.taskId(), t.generation()));
      long version = d.sentVersion() + 1;
      List<Desired> frames = DesiredFrames.full(term, session.nodeId(), version, new ArrayList<>(now.values()), budgetBytes);
      d.sentFull(version, generations, DesiredDigest.ofTasks(now.values()), ids, nanoTime.getAsLong());
      write(session, frames);
      return;
    }
    // Only what changed is built into a DesiredTask: a node with many tasks and one change costs one.
    Map<String, Long> sent = d.sentGenerations();
    List<DesiredTask> upserts = new ArrayList<>();
    int wanted = 0;
    Set<String> specless = null;
    for (String id : ids) {
      Task t = s.tasks().get(id);
      Long g = sent.get(id);
      if (t != null && g != null && g == t.generation()) {
        wanted++;
        continue;
      }
      DesiredTask dt = t == null ? null : desiredTask(s, t);
      if (dt == null) {
        if (specless == null) specless = new HashSet<>();
        specless.add(id);
        continue;
      }
      wanted++;
      upserts.add(dt);
    }
    List<String> removed = new ArrayList<>();
    // With no upserts every wanted id was sent at its generation, so equal sizes mean nothing to remove.
    if (!upserts.isEmpty() || sent.size() != wanted) {
      for (String id : sent.keySet()) if (!ids.contains(id) || (specless != null && specless.contains(id))) removed.add(id);
    }
    if (upserts.isEmpty() && removed.isEmpty()) {
      d.unchanged(ids);
      return;
    }
    long digest = d.sentDigest();
    for (String id : removed) digest ^= DesiredDigest.of(id, sent.remove(id));
    for (DesiredTask t : upserts) {
      Long old = sent.put(t.taskId(), t.generation());
      if (old != null) digest ^= DesiredDigest.of(t.taskId(), old);
      digest ^= DesiredDigest.of(t.taskId(), t.generation());
    }
    List<Desired> frames = DesiredFrames.deltas(term, session.nodeId(), d.sentVersion(), upserts, removed, budgetBytes);
    d.sentDeltas(frames.get(frames.size() - 1).version(), digest, ids, nanoTime.getAsLong());
    write(session, frames);
  }

  /** The node's desired tasks by id, from the task ids the image holds for it. */
  private static Map<String, DesiredTask> desired(StateImage s, Set<String> ids) {
    Map<String, DesiredTask> out = new HashMap<>();
    for (String id : ids) {
      Task t = s.tasks().get(id);
      DesiredTask dt = t == null ? null : desiredTask(s, t);
      if (dt != null) out.put(id, dt);
    }
    return out;
  }

  /** What the worker needs to run {@code t}; null when its job's spec is gone (nothing to run). */
  private static DesiredTask desiredTask(StateImage s, Task t) {
    TaskSpec spec = s.specOf(t);
    return spec == null ? null : DesiredTask.of(t.id(), t.jobId(), spec, t.index(), t.generation());
  }

  /**
   * Writes the frames in order. A failed write is logged and makes the next pass send the whole
   * set: what was recorded as sent is then no longer trusted.
   */
  private static void write(NodeSessions.Session session, List<Desired> frames) {
    for (Desired f : frames) {
      session.channel().write(f).addListener((ChannelFutureListener) future -> {
        if (!future.isSuccess() && future.channel().isActive()) {
          LOG.warn("node {}: desired set frame {} could not be written ({}); the whole set will be sent again", session.nodeId(),
              f.version(), future.cause() == null ? "cancelled" : future.cause().toString());
          session.delivery().writeFailed(String.valueOf(future.cause()));
        }
      });
    }
    session.channel().flush();
  }

  /** The whole set in one frame, whenever its (id, generation) pairs change: for workers of an older release. */
  private static void publishUnversioned(long term, StateImage s, NodeSessions.Session session) {
    List<Task> tasks = s.tasksOnNode(session.nodeId());
    List<DesiredTask> out = new ArrayList<>();
    StringBuilder fp = new StringBuilder();
    Set<String> seen = new HashSet<>();
    for (Task t : tasks) {
      TaskSpec spec = s.specOf(t);
      if (spec == null || !seen.add(t.id())) continue;
      out.add(DesiredTask.of(t.id(), t.jobId(), spec, t.index(), t.generation()));
      fp.append(t.id()).append(':').append(t.generation()).append(',');
    }
    String fingerprint = term + "|" + fp;
    if (fingerprint.equals(session.lastDesired())) return;
    session.lastDesired(fingerprint);
    session.channel().writeAndFlush(new Desired(term, session.nodeId(), out)).addListener((ChannelFutureListener) future -> {
      if (!future.isSuccess() && future.channel().isActive()) {
        LOG.warn("node {}: desired set could not be written ({}); it will be sent again", session.nodeId(), String.valueOf(future.cause()));
        session.lastDesired(null);
      }
    });
  }
}
