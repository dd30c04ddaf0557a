package io.orchestrate.chaos.checker;

import java.util.ArrayList;
import java.util.List;

/** Hand-made histories for the checker's tests; times are in seconds for readability. */
final class Histories {
  private final List<Op> ops = new ArrayList<>();
  private final List<DigestSample> digests = new ArrayList<>();
  private final List<FaultEvent> faults = new ArrayList<>();
  private final List<NodesSample> nodeSamples = new ArrayList<>();
  private final java.util.Map<String, List<CopySeen>> copies = new java.util.LinkedHashMap<>();
  private final java.util.Map<String, String> journalErrors = new java.util.HashMap<>();
  /** The last look after the heal per worker; a later call for the same worker replaces the earlier one. */
  private final java.util.Map<String, DesiredVsRunning> looks = new java.util.LinkedHashMap<>();
  /** Wall-clock time of the run's second 0: worker times below are given in run seconds and stored as wall millis. */
  static final long ORIGIN_WALL = 1_700_000_000_000L;
  private Long leaderAfterHealMillis = 500L;

  static Histories empty() {
    return new Histories();
  }

  private static long s(double seconds) {
    return (long) (seconds * 1e9);
  }

  Histories submit(int process, String name, Outcome outcome, String jobId, double invoke, double complete) {
    ops.add(new Op(ops.size(), process, OpKind.SUBMIT, outcome, s(invoke), s(complete), "k-" + name, name,
        outcome == Outcome.OK ? jobId : null, false, List.of(), List.of(), outcome == Outcome.OK ? null : "timeout"));
    return this;
  }

  /** An update of {@code jobId}, answered (when ok) with that job at {@code version}. */
  Histories update(int process, String jobId, String name, int version, Outcome outcome, double invoke, double complete) {
    return updateAnswered(process, jobId, name, jobId, version, outcome, invoke, complete);
  }

  /** An update of {@code jobId} whose answer named {@code answeredId}. */
  Histories updateAnswered(int process, String jobId, String name, String answeredId, int version, Outcome outcome, double invoke,
      double complete) {
    List<JobSeen> answer = outcome == Outcome.OK ? List.of(new JobSeen(answeredId, name, false, version)) : List.of();
    ops.add(new Op(ops.size(), process, OpKind.UPDATE, outcome, s(invoke), s(complete), "u-" + name + "-" + ops.size(), name, jobId, false,
        answer, List.of(), outcome == Outcome.OK ? null : "timeout"));
    return this;
  }

  /** The checker's read of a job's kept versions after the heal. */
  Histories versions(String jobId, String name, double at, int... kept) {
    List<JobSeen> seen = new ArrayList<>();
    for (int v : kept) seen.add(new JobSeen(jobId, name, false, v));
    ops.add(new Op(ops.size(), Op.CHECKER_PROCESS, OpKind.READ_VERSIONS, Outcome.OK, s(at), s(at + 0.1), null, null, jobId, false, seen,
        List.of(), null));
    return this;
  }

  /** After the heal, {@code node} runs a copy ({@code handle}) of {@code taskId} of {@code jobId}, which the leader does not want there. */
  Histories runsUnwanted(String node, double at, String taskId, String jobId, String handle) {
    CopySeen c = new CopySeen(taskId, jobId, "sleep", 0, 1, handle, false, wall(at - 60), null, null, null);
    looks.put(node, new DesiredVsRunning(node, List.of(), List.of(c), java.util.Map.of(taskId, "STOPPED"), s(at), null));
    return this;
  }

  Histories stop(int process, String jobId, Outcome outcome, double invoke, double complete) {
    ops.add(new Op(ops.size(), process, OpKind.STOP, outcome, s(invoke), s(complete), null, null, jobId, false, List.of(), List.of(), null));
    return this;
  }

  Histories readJobs(int process, boolean stale, double invoke, double complete, JobSeen... jobs) {
    ops.add(new Op(ops.size(), process, OpKind.READ_JOBS, Outcome.OK, s(invoke), s(complete), null, null, null, stale, List.of(jobs), List.of(), null));
    return this;
  }

  Histories readJob(int process, String jobId, double invoke, double complete, JobSeen... found) {
    ops.add(new Op(ops.size(), process, OpKind.READ_JOB, Outcome.OK, s(invoke), s(complete), null, null, jobId, false, List.of(found), List.of(), null));
    return this;
  }

  /** A task read by the checker after the heal (the final one). */
  Histories finalTasks(double at, TaskSeen... tasks) {
    ops.add(new Op(ops.size(), Op.CHECKER_PROCESS, OpKind.READ_TASKS, Outcome.OK, s(at), s(at + 0.1), null, null, null, false, List.of(),
        List.of(tasks), null));
    return this;
  }

  Histories fault(String kind, double start, double healed, String... targets) {
    faults.add(new FaultEvent(kind, List.of(targets), s(start), s(healed), null));
    return this;
  }

  Histories nodes(double at, NodeSeen... nodes) {
    nodeSamples.add(new NodesSample(s(at), s(at + 0.05), List.of(nodes)));
    return this;
  }

  /** A copy in {@code node}'s journal, from {@code start} to {@code end} run seconds (end null: still running). */
  Histories copy(String node, String taskId, String jobId, String handle, double start, Double end, Integer exitCode, String reason) {
    copies.computeIfAbsent(node, n -> new ArrayList<>()).add(new CopySeen(taskId, jobId, "web", 0, 1, handle, false, wall(start),
        end == null ? null : wall(end), exitCode, reason));
    return this;
  }

  Histories unreadableJournal(String node, String error) {
    journalErrors.put(node, error);
    return this;
  }

  /** After the heal, at run second {@code at}, {@code node} runs one copy of each task in {@code taskIds}, and the leader wants exactly those. */
  Histories settled(String node, double at, String... taskIds) {
    return look(node, at, List.of(taskIds), List.of(taskIds), java.util.Map.of());
  }

  /**
   * After the heal, at run second {@code at}: the leader wants {@code desired} on {@code node}, whose journal shows one running
   * copy of each task in {@code running}; {@code leaderStates} is the leader's record of the running tasks it does not want there.
   */
  Histories look(String node, double at, List<String> desired, List<String> running, java.util.Map<String, String> leaderStates) {
    List<CopySeen> copies = new ArrayList<>();
    for (String id : running) {
      copies.add(new CopySeen(id, "j-" + id.substring(2), "web", 0, 3, "proc-" + id, false, wall(at - 60), null, null, null));
    }
    looks.put(node, new DesiredVsRunning(node, desired, copies, leaderStates, s(at), null));
    return this;
  }

  Histories unobservable(String node, String error, double at) {
    looks.put(node, DesiredVsRunning.unobserved(node, error, s(at)));
    return this;
  }

  Histories noLooksAfterTheHeal() {
    looks.clear();
    return this;
  }

  static long wall(double seconds) {
    return ORIGIN_WALL + (long) (seconds * 1000);
  }

  Histories readTasks(double invoke, double complete, TaskSeen... tasks) {
    ops.add(new Op(ops.size(), 0, OpKind.READ_TASKS, Outcome.OK, s(invoke), s(complete), null, null, null, false, List.of(), List.of(tasks), null));
    return this;
  }

  Histories finalRead(double at, JobSeen... jobs) {
    return readJobs(Op.CHECKER_PROCESS, false, at, at + 0.1, jobs);
  }

  Histories digest(int round, String manager, long index, String digest) {
    digests.add(new DigestSample(round, manager, index, digest, s(round)));
    return this;
  }

  Histories converged() {
    for (String m : List.of("m1", "m2", "m3")) digest(100, m, 42, "d42");
    return this;
  }

  Histories leaderAfterHeal(Long millis) {
    leaderAfterHealMillis = millis;
    return this;
  }

  History build() {
    List<WorkerCopies> workers = new ArrayList<>();
    for (String w : List.of("w1", "w2")) {
      workers.add(journalErrors.containsKey(w) ? WorkerCopies.unreadable(w, journalErrors.get(w))
          : new WorkerCopies(w, null, ORIGIN_WALL - 5_000, 0, copies.getOrDefault(w, List.of())));
    }
    return new History(7, List.of("m1", "m2", "m3"), ops, faults, s(90), leaderAfterHealMillis, digests, ORIGIN_WALL, nodeSamples, workers,
        List.copyOf(looks.values()));
  }

  static JobSeen job(String id, String name) {
    return new JobSeen(id, name, false);
  }

  static JobSeen jobAt(String id, String name, int version) {
    return new JobSeen(id, name, false, version);
  }

  static JobSeen stopped(String id, String name) {
    return new JobSeen(id, name, true);
  }
}
