package io.orchestrate.manager.events;

import io.orchestrate.core.api.EventView;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.manager.store.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The events one applied log entry yields: a pure function of the state before the entry, the
 * state after it and the records the entry wrote, so every manager derives the same events for the
 * same index. The records written (in the order apply wrote them, each once) say where to look; the
 * two images say what changed, so an entry that rewrites a record without changing what a watcher
 * sees (a version bump, a pending reason) yields nothing. No new command and no new rule in apply:
 * a cluster at any feature level streams the same events.
 */
public final class EntryEvents {
  private EntryEvents() {}

  /** The events of a command entry at {@code index}, numbered from {@code firstPos}. */
  public static List<EventView> of(StateImage before, StateImage after, Mutations writes, long index, int firstPos) {
    List<EventView> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Mutations.Write w : writes.writes()) {
      String key = new String(w.key(), StandardCharsets.UTF_8);
      if (!seen.add(w.cf().name() + '/' + key)) continue;
      EventView e = switch (w.cf()) {
        case JOBS -> job(before.jobs().get(key), after.jobs().get(key), key);
        case TASKS -> task(before.tasks().get(key), after.tasks().get(key), key);
        case NODES -> node(before.nodes().get(key), after.nodes().get(key), key);
        case MANAGERS -> manager(before.managers().get(key), after.managers().get(key), key);
        default -> null;
      };
      if (e != null) out.add(e.at(index, firstPos + out.size()));
    }
    return out;
  }

  /** A new term begins at this entry: its first entry, whoever wrote it, is the new leader's. */
  public static EventView leader(long term, long index, int pos) {
    return new EventView(index, pos, EventView.CLUSTER, "cluster.leader", null, null, null, null, null, null, null, term, null);
  }

  /** A Raft configuration entry: the voting managers from this index on. */
  public static EventView members(long term, long index, int pos, List<String> voters) {
    return new EventView(index, pos, EventView.CLUSTER, "cluster.members", null, null, null, null, null, null, null, term,
        List.copyOf(voters));
  }

  static EventView job(Job was, Job now, String id) {
    if (was == null && now == null) return null;
    if (was == null) return event(EventView.JOBS, "job.submitted", id, null, null, null, now.status().name(), null);
    if (now == null) return event(EventView.JOBS, "job.collected", id, null, null, was.status().name(), null, null);
    if (was.status() == now.status()) {
      // A new version (a changed file, a scale, a revert): the task events of the same entry say what it did.
      if (now.jobVersion() == was.jobVersion()) return null;
      return event(EventView.JOBS, "job.updated", id, null, null, was.status().name(), now.status().name(),
          "version " + was.jobVersion() + " to " + now.jobVersion());
    }
    return event(EventView.JOBS, "job." + lower(now.status().name()), id, null, null, was.status().name(), now.status().name(), null);
  }

  static EventView task(Task was, Task now, String id) {
    if (was == null && now == null) return null;
    if (was == null) {
      return event(EventView.TASKS, "task.created", now.jobId(), id, now.node(), null, now.state().name(),
          now.replaces() == null ? now.reason() : "replaces " + now.replaces());
    }
    if (now == null) return event(EventView.TASKS, "task.collected", was.jobId(), id, was.node(), was.state().name(), null, null);
    if (was.state() != now.state()) {
      return event(EventView.TASKS, "task." + lower(now.state().name()), now.jobId(), id, now.node(), was.state().name(),
          now.state().name(), now.reason());
    }
    if (now.restarts() > was.restarts()) {
      return event(EventView.TASKS, "task.restarted", now.jobId(), id, now.node(), was.state().name(), now.state().name(), now.reason());
    }
    return null;
  }

  static EventView node(Node was, Node now, String id) {
    if (was == null && now == null) return null;
    if (was == null) return event(EventView.NODES, "node.registered", null, null, id, null, now.state().name(), now.reason());
    if (now == null) return event(EventView.NODES, "node.collected", null, null, id, was.state().name(), null, null);
    if (was.state() == now.state()) return null;
    String type = switch (now.state()) {
      case DOWN -> "node.down";
      case DRAINING -> "node.drain";
      case READY -> was.state() == NodeState.DRAINING ? "node.undrain" : "node.up";
    };
    return event(EventView.NODES, type, null, null, id, was.state().name(), now.state().name(), now.reason());
  }

  static EventView manager(ManagerInfo was, ManagerInfo now, String id) {
    if (now == null || now.equals(was)) return null;
    return new EventView(0, 0, EventView.CLUSTER, "cluster.manager", null, null, null, id, null, now.apiAddress(), null, null, null);
  }

  private static EventView event(String topic, String type, String job, String task, String node, String from, String to, String reason) {
    return new EventView(0, 0, topic, type, job, task, node, null, from, to, reason, null, null);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
