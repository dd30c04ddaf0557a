package io.orchestrate.manager.leader;

import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Level-triggered delivery: after the state changes, every connected worker whose desired set
 * (task ids and generations) differs from what it was last sent gets its full desired set again,
 * stamped with the leader's term. A worker that missed a message converges on the next one.
 * Runs on the leader thread.
 */
final class DesiredPublisher {
  private final Supplier<StateImage> image;
  private final NodeSessions sessions;

  DesiredPublisher(Supplier<StateImage> image, NodeSessions sessions) {
    this.image = image;
    this.sessions = sessions;
  }

  void publish(long term) {
    StateImage s = image.get();
    for (NodeSessions.Session session : sessions.all()) publish(term, s, session, false);
  }

  static void publish(long term, StateImage s, NodeSessions.Session session, boolean force) {
    List<DesiredTask> tasks = new ArrayList<>();
    StringBuilder fp = new StringBuilder();
    for (Task t : s.tasksOnNode(session.nodeId())) {
      TaskSpec spec = s.specOf(t);
      if (spec == null) continue;
      tasks.add(DesiredTask.of(t.id(), t.jobId(), spec, t.index(), t.generation()));
      fp.append(t.id()).append(':').append(t.generation()).append(',');
    }
    String fingerprint = term + "|" + fp;
    if (!force && fingerprint.equals(session.lastDesired())) return;
    session.lastDesired(fingerprint);
    session.channel().writeAndFlush(new Desired(term, session.nodeId(), tasks));
  }
}
