package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One change to the replicated state, as {@code GET /v1/events} streams it. Every event is derived
 * from one applied Raft log entry: {@code index} is that entry and {@code pos} the event's place
 * among the events it yielded, so {@code (index, pos)} is unique, ordered, and the same on every
 * manager. A client that resumes with {@code from=index.pos+1} misses nothing and sees nothing twice.
 *
 * @param topic  jobs, tasks, nodes or cluster
 * @param type   what happened, e.g. {@code job.submitted}, {@code task.running}, {@code node.down},
 *               {@code cluster.leader}
 * @param from   the state before (tasks and nodes), or null for a new record
 * @param to     the state after, or null for a removed record
 * @param reason why, as the state records it (a task's exit reason, a node's down reason)
 * @param term   the Raft term of the entry; on {@code cluster.leader}, the new term
 * @param members the voting managers, on {@code cluster.members}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(
    long index,
    int pos,
    String topic,
    String type,
    String job,
    String task,
    String node,
    String manager,
    String from,
    String to,
    String reason,
    Long term,
    List<String> members) {

  public static final String JOBS = "jobs";
  public static final String TASKS = "tasks";
  public static final String NODES = "nodes";
  public static final String CLUSTER = "cluster";
  public static final List<String> TOPICS = List.of(JOBS, TASKS, NODES, CLUSTER);

  /** The same event at {@code (index, pos)}. */
  public EventView at(long atIndex, int atPos) {
    return new EventView(atIndex, atPos, topic, type, job, task, node, manager, from, to, reason, term, members);
  }

  /** The id a server-sent event carries and a client resumes after: {@code index.pos}. */
  public String id() {
    return index + "." + pos;
  }
}
