package io.orchestrate.chaos.checker;

import java.util.List;

/**
 * One client operation, invocation and completion in one record (times in nanoseconds since the
 * run began, on one monotonic clock shared by every client and the nemesis).
 *
 * @param process   the client thread that ran it; {@value #CHECKER_PROCESS} for the checker's own final reads
 * @param key       idempotency key of a SUBMIT (a retry reuses the key and the name)
 * @param name      job name of a SUBMIT; names are unique per key
 * @param jobId     the job a SUBMIT was acknowledged with, or the job a STOP/READ_JOB named
 * @param stale     a read with {@code ?stale=true}: any replica's local copy, no recency promise
 * @param jobs      what a READ_JOBS/READ_JOB saw (empty for a 404)
 * @param tasks     what a READ_TASKS saw
 * @param error     why a FAIL or INFO, for the report
 */
public record Op(
    long index,
    int process,
    OpKind kind,
    Outcome outcome,
    long invokeNanos,
    long completeNanos,
    String key,
    String name,
    String jobId,
    boolean stale,
    List<JobSeen> jobs,
    List<TaskSeen> tasks,
    String error) {
  public static final int CHECKER_PROCESS = -1;

  public Op {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    if (completeNanos < invokeNanos) throw new IllegalArgumentException("op " + index + " completes before it is invoked");
  }

  public boolean ok() {
    return outcome == Outcome.OK;
  }

  /** A read that promises recency: everything acknowledged before it began must be in it. */
  public boolean linearizableRead() {
    return ok() && !stale && (kind == OpKind.READ_JOBS || kind == OpKind.READ_JOB || kind == OpKind.READ_TASKS);
  }

  /** Short human form for counterexamples. */
  public String describe() {
    StringBuilder b = new StringBuilder("op #").append(index).append(' ').append(kind);
    if (stale) b.append("(stale)");
    b.append(" by ").append(process == CHECKER_PROCESS ? "checker" : "client " + process);
    if (name != null) b.append(" name=").append(name);
    if (key != null) b.append(" key=").append(key);
    if (jobId != null) b.append(" job=").append(jobId);
    b.append(' ').append(outcome).append(String.format(" [%.3fs..%.3fs]", invokeNanos / 1e9, completeNanos / 1e9));
    if (error != null) b.append(" (").append(error).append(')');
    return b.toString();
  }
}
