package io.orchestrate.chaos.checker;

import java.util.ArrayList;
import java.util.List;

/** Hand-made histories for the checker's tests; times are in seconds for readability. */
final class Histories {
  private final List<Op> ops = new ArrayList<>();
  private final List<DigestSample> digests = new ArrayList<>();
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
    return new History(7, List.of("m1", "m2", "m3"), ops, List.of(), s(90), leaderAfterHealMillis, digests);
  }

  static JobSeen job(String id, String name) {
    return new JobSeen(id, name, false);
  }

  static JobSeen stopped(String id, String name) {
    return new JobSeen(id, name, true);
  }
}
