package io.orchestrate.chaos.checker;

import static io.orchestrate.chaos.checker.Histories.job;
import static io.orchestrate.chaos.checker.Histories.jobAt;
import static io.orchestrate.chaos.checker.Histories.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each invariant is fed a history that breaks it (it must say so, with the culprit) and one that keeps it. */
class CheckerTest {
  private final Checker checker = Checker.standard(Duration.ofSeconds(30));

  private InvariantResult verdict(History h, String invariant) {
    return checker.check(h).result(invariant).orElseThrow();
  }

  private static Histories healthy() {
    return Histories.empty()
        .submit(1, "a", Outcome.OK, "j-a", 1, 2)
        .submit(2, "b", Outcome.INFO, null, 1, 4) // unknown: may or may not exist
        .submit(3, "c", Outcome.FAIL, null, 1, 1.5)
        .submit(4, "dv", Outcome.OK, "j-dv", 1, 2)
        .readJobs(1, false, 3, 3.5, job("j-a", "a"), jobAt("j-dv", "dv", 1))
        .update(4, "j-dv", "dv", 2, Outcome.OK, 3, 4) // a new version of a versioned job replaces its one task
        .stop(1, "j-a", Outcome.OK, 4, 5)
        .readJobs(2, false, 6, 6.5, stopped("j-a", "a"), job("j-b", "b"), jobAt("j-dv", "dv", 2))
        .readJobs(3, true, 6, 6.5) // a stale read may miss everything
        .readTasks(6, 6.2, new TaskSeen("t-b", "j-b", "web", 0, "RUNNING", "w1", "proc-1", 0))
        .fault("PAUSE_LEADER", 6.5, 10, "m1")
        .nodes(3, new NodeSeen("w1", "READY", null), new NodeSeen("w2", "READY", null))
        .nodes(8, new NodeSeen("w1", "READY", null), new NodeSeen("w2", "READY", null))
        .copy("w2", "t-a", "j-a", "proc-7", 2.5, 4.6, null, "stopped: job stopped")
        .copy("w1", "t-b", "j-b", "proc-1", 3, null, null, null)
        .copy("w1", "t-e", "j-e", "proc-2", 3, 50.0, 0, "exited with code 0") // a sleep that finished
        .copy("w1", "t-dv1", "j-dv", "proc-8", 2.5, 3.6, null, "stopped: replaced by version 2")
        .copy("w1", "t-dv2", "j-dv", "proc-9", 3.5, null, null, null)
        .finalRead(80, stopped("j-a", "a"), job("j-b", "b"), jobAt("j-dv", "dv", 2))
        .finalTasks(80.2, new TaskSeen("t-a", "j-a", "web", 0, "STOPPED", "w2", "proc-7", 0),
            new TaskSeen("t-b", "j-b", "web", 0, "RUNNING", "w1", "proc-1", 0),
            new TaskSeen("t-dv1", "j-dv", "sleep", 0, "STOPPED", "w1", "proc-8", 0, 1),
            new TaskSeen("t-dv2", "j-dv", "sleep", 0, "RUNNING", "w1", "proc-9", 0, 2))
        .versions("j-dv", "dv", 81, 1, 2)
        .converged()
        .settled("w1", 95, "t-b", "t-dv2")
        .settled("w2", 95);
  }

  @Test
  void aHealthyHistoryPassesEveryInvariant() {
    CheckReport report = checker.check(healthy().build());
    assertThat(report.violations()).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.results()).hasSize(10).allSatisfy(r -> assertThat(r.checked()).as(r.name()).isPositive());
  }

  @Test
  void aLostWriteIsCaught() {
    History h = healthy().submit(4, "d", Outcome.OK, "j-d", 10, 11).build();
    InvariantResult r = verdict(h, "acknowledged-writes-survive");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("lost write").contains("name=d").contains("j-d");
  }

  @Test
  void aLostStopIsCaught() {
    History h = Histories.empty().submit(1, "a", Outcome.OK, "j-a", 1, 2).stop(1, "j-a", Outcome.OK, 3, 4)
        .finalRead(80, job("j-a", "a")).converged().build();
    assertThat(verdict(h, "acknowledged-writes-survive").counterexample()).contains("lost stop").contains("j-a");
  }

  @Test
  void withoutAFinalReadNothingCanBeSaidSoTheCheckFails() {
    History h = Histories.empty().submit(1, "a", Outcome.OK, "j-a", 1, 2).converged().build();
    assertThat(verdict(h, "acknowledged-writes-survive").counterexample()).contains("no final linearizable read");
  }

  @Test
  void aStaleLinearizableReadIsCaught() {
    // The submit was acknowledged at 2s; a linearizable read invoked at 3s must contain it.
    History h = Histories.empty().submit(1, "a", Outcome.OK, "j-a", 1, 2).readJobs(2, false, 3, 3.2)
        .finalRead(80, job("j-a", "a")).converged().build();
    InvariantResult r = verdict(h, "linearizable-reads-see-acknowledged-writes");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("stale linearizable read").contains("j-a").contains("client 2");
  }

  @Test
  void aReadConcurrentWithTheSubmitMayMissIt() {
    // Invoked at 1.5s, before the acknowledgement at 2s: either answer is linearizable.
    History h = Histories.empty().submit(1, "a", Outcome.OK, "j-a", 1, 2).readJobs(2, false, 1.5, 2.5)
        .finalRead(80, job("j-a", "a")).converged().build();
    assertThat(verdict(h, "linearizable-reads-see-acknowledged-writes").passed()).isTrue();
  }

  @Test
  void aStaleReadMayMissAnAcknowledgedSubmit() {
    History h = Histories.empty().submit(1, "a", Outcome.OK, "j-a", 1, 2).readJobs(2, true, 3, 3.2)
        .finalRead(80, job("j-a", "a")).converged().build();
    assertThat(verdict(h, "linearizable-reads-see-acknowledged-writes").passed()).isTrue();
  }

  @Test
  void aLinearizableReadThatGoesBackInTimeIsCaught() {
    // Nobody acknowledged b (info), but a read returned it at 5s; a read begun at 6s must too.
    History h = Histories.empty().submit(1, "b", Outcome.INFO, null, 1, 4).readJobs(2, false, 4.5, 5, job("j-b", "b"))
        .readJobs(3, false, 6, 6.5).finalRead(80, job("j-b", "b")).converged().build();
    assertThat(verdict(h, "linearizable-reads-see-acknowledged-writes").counterexample()).contains("j-b").contains("returned it");
  }

  @Test
  void aSingleJobReadThatMissesAnAcknowledgedJobIsCaught() {
    History h = Histories.empty().submit(1, "a", Outcome.OK, "j-a", 1, 2).readJob(2, "j-a", 3, 3.1)
        .finalRead(80, job("j-a", "a")).converged().build();
    assertThat(verdict(h, "linearizable-reads-see-acknowledged-writes").counterexample()).contains("READ_JOB").contains("j-a");
  }

  @Test
  void aReadShowingAnAcknowledgedStopUndoneIsCaught() {
    History h = Histories.empty().submit(1, "a", Outcome.OK, "j-a", 1, 2).stop(1, "j-a", Outcome.OK, 3, 4)
        .readJobs(2, false, 5, 5.5, job("j-a", "a")).finalRead(80, stopped("j-a", "a")).converged().build();
    assertThat(verdict(h, "linearizable-reads-see-acknowledged-writes").counterexample()).contains("running").contains("stop");
  }

  @Test
  void aDuplicateIsCaught() {
    // One key, retried after a timeout, made two jobs.
    History h = Histories.empty().submit(1, "a", Outcome.INFO, null, 1, 4).submit(1, "a", Outcome.OK, "j-a2", 5, 6)
        .finalRead(80, job("j-a1", "a"), job("j-a2", "a")).converged().build();
    InvariantResult r = verdict(h, "one-job-per-idempotency-key");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("duplicate").contains("j-a1").contains("j-a2");
  }

  @Test
  void twoAcknowledgementsWithDifferentIdsForOneKeyAreADuplicate() {
    History h = Histories.empty().submit(1, "a", Outcome.OK, "j-1", 1, 2).submit(2, "a", Outcome.OK, "j-2", 3, 4)
        .finalRead(80, job("j-2", "a")).converged().build();
    assertThat(verdict(h, "one-job-per-idempotency-key").counterexample()).contains("j-1").contains("j-2");
  }

  @Test
  void aRetryAnsweredWithTheOriginalJobIsNoDuplicate() {
    History h = Histories.empty().submit(1, "a", Outcome.INFO, null, 1, 4).submit(1, "a", Outcome.OK, "j-a", 5, 6)
        .finalRead(80, job("j-a", "a")).finalTasks(80.2).converged().settled("w1", 95).settled("w2", 95).build();
    assertThat(checker.check(h).violations()).isEmpty();
  }

  @Test
  void aPhantomIsCaught() {
    History h = healthy().finalRead(85, stopped("j-a", "a"), job("j-b", "b"), job("j-x", "x")).build();
    InvariantResult r = verdict(h, "no-phantom-jobs");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("phantom").contains("j-x");
  }

  @Test
  void aFailedSubmitThatTookEffectIsCaught() {
    History h = healthy().readJobs(1, true, 7, 7.1, job("j-c", "c")).build();
    assertThat(verdict(h, "no-phantom-jobs").counterexample()).contains("failed submit took effect").contains("j-c");
  }

  @Test
  void divergentDigestsAtOneIndexAreCaught() {
    History h = healthy().digest(1, "m1", 40, "aaaa").digest(1, "m2", 40, "bbbb").build();
    assertThat(verdict(h, "replicas-converge").counterexample()).contains("divergence").contains("40");
  }

  @Test
  void replicasThatNeverMeetAtOneIndexFail() {
    History h = Histories.empty().finalRead(80).digest(1, "m1", 40, "x").digest(1, "m2", 41, "y").digest(1, "m3", 41, "y").build();
    assertThat(verdict(h, "replicas-converge").counterexample()).contains("never reported one applied index").contains("m1@40");
  }

  @Test
  void noLeaderAfterTheHealFails() {
    History h = healthy().leaderAfterHeal(null).build();
    assertThat(verdict(h, "replicas-converge").counterexample()).contains("no leader");
  }

  @Test
  void aTaskRunningOnTwoWorkersInOneReadIsCaught() {
    History h = healthy().readTasks(7, 7.2,
            new TaskSeen("t-1", "j-a", "web", 0, "RUNNING", "w1"),
            new TaskSeen("t-2", "j-a", "web", 0, "RUNNING", "w2"))
        .build();
    assertThat(verdict(h, "no-task-running-twice").counterexample()).contains("j-a/web/0").contains("w1").contains("w2");
  }

  @Test
  void aTaskIdThatMovesBetweenWorkersIsCaught() {
    History h = healthy()
        .readTasks(7, 7.2, new TaskSeen("t-1", "j-a", "web", 0, "RUNNING", "w1"))
        .readTasks(8, 8.2, new TaskSeen("t-1", "j-a", "web", 0, "RUNNING", "w2"))
        .build();
    assertThat(verdict(h, "no-task-running-twice").counterexample()).contains("t-1").contains("w1").contains("w2");
  }

  @Test
  void aReplacementTaskOnAnotherWorkerAfterTheFirstEndedIsFine() {
    History h = healthy()
        .readTasks(7, 7.2, new TaskSeen("t-1", "j-a", "web", 0, "RUNNING", "w1"))
        .readTasks(8, 8.2, new TaskSeen("t-1", "j-a", "web", 0, "LOST", "w1"), new TaskSeen("t-2", "j-a", "web", 0, "RUNNING", "w2"))
        .build();
    assertThat(verdict(h, "no-task-running-twice").passed()).isTrue();
  }

  @Test
  void copiesOfOneTaskOnTwoWorkersAtOnceByTheirJournalsAreCaught() {
    History h = healthy()
        .copy("w1", "t-x", "j-x", "proc-10", 10, 20.0, null, "stopped: no longer desired on this node")
        .copy("w2", "t-x", "j-x", "proc-20", 15, null, null, null)
        .build();
    InvariantResult r = verdict(h, "no-task-running-twice");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("task t-x ran on two workers at once").contains("proc-10").contains("w1")
        .contains("proc-20").contains("w2").contains("15.000s");
  }

  @Test
  void aReplacementThatStartsBeforeTheOriginalEndedIsCaught() {
    // Two task ids, one instance (job j-x, web, index 0): the replacement on w2 started while the first still ran on w1.
    History h = healthy()
        .copy("w1", "t-x1", "j-x", "proc-10", 10, 20.0, null, "stopped: no longer desired on this node")
        .copy("w2", "t-x2", "j-x", "proc-20", 19.5, null, null, null)
        .build();
    assertThat(verdict(h, "no-task-running-twice").counterexample()).contains("task instance j-x/web/0").contains("t-x1").contains("t-x2");
  }

  @Test
  void aReplacementStartedAfterTheOriginalEndedIsNoDoubleRun() {
    History h = healthy()
        .copy("w1", "t-x1", "j-x", "proc-10", 10, 20.0, null, "stopped: no longer desired on this node")
        .copy("w2", "t-x2", "j-x", "proc-20", 20, null, null, null)
        .build();
    assertThat(verdict(h, "no-task-running-twice").passed()).isTrue();
  }

  @Test
  void anUnreadableWorkerJournalFailsBothTaskInvariants() {
    History h = healthy().unreadableJournal("w2", "connection refused").build();
    assertThat(verdict(h, "no-task-running-twice").counterexample()).contains("w2").contains("connection refused");
    assertThat(verdict(h, "workloads-undisturbed").counterexample()).contains("w2").contains("connection refused");
  }

  @Test
  void aLostTaskIsCaughtWithTheFaultInForce() {
    History h = healthy().readTasks(7, 7.2, new TaskSeen("t-b", "j-b", "web", 0, "LOST", "w1", "proc-1", 0)).build();
    InvariantResult r = verdict(h, "workloads-undisturbed");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("task t-b").contains("LOST on w1").contains("during PAUSE_LEADER [m1]");
  }

  @Test
  void aNodeDeclaredDownIsCaught() {
    History h = healthy().nodes(11, new NodeSeen("w1", "READY", null), new NodeSeen("w2", "DOWN", "no heartbeat for 6 s")).build();
    InvariantResult r = verdict(h, "workloads-undisturbed");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("node w2 was DOWN").contains("no heartbeat for 6 s").contains("after PAUSE_LEADER");
  }

  @Test
  void aTaskWhoseCopyChangedInTheManagersRecordsIsCaught() {
    History h = healthy().readTasks(12, 12.2, new TaskSeen("t-b", "j-b", "web", 0, "RUNNING", "w1", "proc-3", 0)).build();
    assertThat(verdict(h, "workloads-undisturbed").counterexample()).contains("t-b").contains("proc-1").contains("proc-3");
  }

  @Test
  void aTaskRestartedInPlaceIsCaught() {
    History h = healthy().readTasks(12, 12.2, new TaskSeen("t-b", "j-b", "web", 0, "RUNNING", "w1", "proc-1", 1)).build();
    assertThat(verdict(h, "workloads-undisturbed").counterexample()).contains("t-b").contains("restarted in place 1 time");
  }

  @Test
  void aCopyStartedAgainByAWorkerIsCaught() {
    History h = healthy().copy("w2", "t-b", "j-b", "proc-9", 9, null, null, null).build();
    InvariantResult r = verdict(h, "workloads-undisturbed");
    assertThat(r.counterexample()).contains("task t-b").contains("started again").contains("proc-1").contains("proc-9").contains("w2");
  }

  @Test
  void aCopyStoppedThoughNobodyStoppedItsJobIsCaught() {
    History h = healthy().submit(4, "d", Outcome.OK, "j-d", 2, 2.5)
        .copy("w1", "t-d", "j-d", "proc-4", 3, 9.0, null, "stopped: no longer desired on this node")
        .finalRead(85, stopped("j-a", "a"), job("j-b", "b"), job("j-d", "d"))
        .build();
    InvariantResult r = verdict(h, "workloads-undisturbed");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("proc-4").contains("no longer desired").contains("no client asked to stop or update job j-d")
        .contains("during PAUSE_LEADER");
  }

  @Test
  void aCopyStoppedBeforeItsJobsStopWasAskedIsCaught() {
    History h = healthy().submit(4, "d", Outcome.OK, "j-d", 2, 2.5)
        .copy("w1", "t-d", "j-d", "proc-4", 3, 9.0, null, "stopped: no longer desired on this node")
        .stop(4, "j-d", Outcome.OK, 30, 31)
        .finalRead(85, stopped("j-a", "a"), job("j-b", "b"), stopped("j-d", "d"))
        .build();
    assertThat(verdict(h, "workloads-undisturbed").counterexample()).contains("proc-4").contains("only asked at 30.000s");
  }

  @Test
  void aCopyKilledBySignalIsCaught() {
    History h = healthy().submit(4, "d", Outcome.OK, "j-d", 2, 2.5)
        .copy("w1", "t-d", "j-d", "proc-4", 3, 9.0, 137, "exited with code 137")
        .finalRead(85, stopped("j-a", "a"), job("j-b", "b"), job("j-d", "d"))
        .build();
    assertThat(verdict(h, "workloads-undisturbed").counterexample()).contains("exited with code 137");
  }

  @Test
  void aRunningTaskTheWorkerDoesNotRunIsCaught() {
    History h = healthy().finalTasks(86, new TaskSeen("t-z", "j-b", "web", 1, "RUNNING", "w2", "proc-5", 0)).build();
    assertThat(verdict(h, "workloads-undisturbed").counterexample()).contains("t-z").contains("RUNNING on w2 as proc-5")
        .contains("journal has no such copy");
  }

  @Test
  void aTaskShownRunningLongAfterItsCopyEndedIsCaught() {
    History h = healthy().finalTasks(86, new TaskSeen("t-e", "j-e", "web", 0, "RUNNING", "w1", "proc-2", 0)).build();
    assertThat(verdict(h, "workloads-undisturbed").counterexample()).contains("t-e").contains("until 50.000s");
  }

  @Test
  void aWorkerThatRestartedDuringTheRunIsCaught() {
    History h = healthy().build();
    List<WorkerCopies> workers = new java.util.ArrayList<>(h.workers());
    WorkerCopies w1 = workers.get(0);
    workers.set(0, new WorkerCopies(w1.node(), null, Histories.wall(20), 0, w1.copies()));
    History restarted = new History(h.seed(), h.managers(), h.ops(), h.faults(), h.healedNanos(), h.leaderAfterHealMillis(), h.digests(),
        h.originWallMillis(), h.nodeSamples(), workers, h.desiredVsRunning());
    assertThat(verdict(restarted, "workloads-undisturbed").counterexample()).contains("worker w1 restarted during the run");
  }

  @Test
  void aFaultTheEngineRefusedIsNeitherCountedNorBlamed() {
    History h = healthy().build();
    List<FaultEvent> faults = new java.util.ArrayList<>(h.faults());
    faults.add(new FaultEvent("PAUSE_LEADER", List.of("m2"), (long) 20e9, (long) 20.1e9, "not injected: unable to freeze", false));
    History withRefused = new History(h.seed(), h.managers(), h.ops(), faults, h.healedNanos(), h.leaderAfterHealMillis(), h.digests(),
        h.originWallMillis(), h.nodeSamples(), h.workers(), h.desiredVsRunning());
    assertThat(withRefused.injectedFaults()).extracting(FaultEvent::kind).containsExactly("PAUSE_LEADER");
    assertThat(withRefused.injectedFaults()).extracting(FaultEvent::targets).containsExactly(List.of("m1"));
    assertThat(withRefused.faultContext((long) 20.05e9)).contains("after PAUSE_LEADER [m1]");
  }

  @Test
  void workersRunningExactlyTheDesiredSetPass() {
    InvariantResult r = verdict(healthy().build(), "workers-run-desired-set");
    assertThat(r.passed()).isTrue();
    assertThat(r.checked()).isEqualTo(4); // t-b and t-dv2 desired on w1 and their running copies
  }

  @Test
  void aCopyOfAStoppedTaskStillRunningIsCaughtNamingTheWorker() {
    History h = healthy().look("w2", 95, List.of("t-c"), List.of("t-c", "t-a"), java.util.Map.of("t-a", "STOPPED")).build();
    InvariantResult r = verdict(h, "workers-run-desired-set");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("worker w2").contains("copy of stopped task t-a").contains("still running on w2")
        .contains("proc-t-a").contains("5.0 s after the final heal").doesNotContain("w1").doesNotContain("desired but not running");
  }

  @Test
  void aCopyOfATaskTheLeaderPlacedElsewhereIsCaughtWithTheLeadersRecord() {
    History h = healthy().look("w2", 95, List.of(), List.of("t-b"), java.util.Map.of("t-b", "RUNNING on w1")).build();
    assertThat(verdict(h, "workers-run-desired-set").counterexample()).contains("copy of task t-b").contains("still running on w2")
        .contains("the leader holds it RUNNING on w1");
  }

  @Test
  void twoRunningCopiesOfOneDesiredTaskAreCaught() {
    History h = healthy().look("w1", 95, List.of("t-b"), List.of("t-b", "t-b"), java.util.Map.of()).build();
    assertThat(verdict(h, "workers-run-desired-set").counterexample()).contains("a second copy of task t-b").contains("on w1");
  }

  @Test
  void aDesiredTaskWithNoRunningCopyIsCaught() {
    History h = healthy().look("w1", 95, List.of("t-b", "t-c"), List.of("t-b"), java.util.Map.of()).build();
    InvariantResult r = verdict(h, "workers-run-desired-set");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("worker w1").contains("desired but not running on w1: t-c").doesNotContain("still running");
  }

  @Test
  void withoutALookAfterTheHealTheCheckFails() {
    assertThat(verdict(healthy().noLooksAfterTheHeal().build(), "workers-run-desired-set").counterexample())
        .contains("no comparison").contains("after the heal");
    History oneMissing = healthy().noLooksAfterTheHeal().settled("w1", 95, "t-b").build();
    assertThat(verdict(oneMissing, "workers-run-desired-set").counterexample()).contains("worker w2 has no comparison");
  }

  @Test
  void aWorkerThatCouldNotBeComparedFailsTheCheckWithTheReason() {
    History h = healthy().unobservable("w2", "GET /v1/copies did not answer 200", 150).build();
    assertThat(verdict(h, "workers-run-desired-set").counterexample()).contains("worker w2").contains("did not answer 200");
  }

  @Test
  void manyExtraCopiesAreCountedNotAllNamed() {
    List<String> extra = java.util.stream.IntStream.range(0, 8).mapToObj(i -> "t-s" + i).toList();
    History h = healthy().look("w2", 95, List.of(), extra, java.util.Map.of()).build();
    assertThat(verdict(h, "workers-run-desired-set").counterexample()).contains("t-s0").contains("t-s4").doesNotContain("t-s5")
        .contains("and 3 more").contains("the leader does not know the task");
  }
  @Test
  void anUpdateAnsweredWithASecondJobOfTheNameIsCaught() {
    History h = healthy().updateAnswered(5, "j-dv", "dv", "j-dv-again", 1, Outcome.OK, 10, 11).build();
    InvariantResult r = verdict(h, "acknowledged-versions-kept");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("a second job named dv").contains("j-dv-again");
  }

  @Test
  void oneVersionGivenToTwoUpdatesIsCaught() {
    History h = healthy().update(5, "j-dv", "dv", 2, Outcome.OK, 3.2, 4.1).build();
    InvariantResult r = verdict(h, "acknowledged-versions-kept");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("version 2 of job j-dv was given to two updates");
  }

  @Test
  void anAcknowledgedVersionMissingFromTheKeptVersionsIsCaught() {
    History h = healthy().update(5, "j-dv", "dv", 3, Outcome.OK, 10, 11).build();
    InvariantResult r = verdict(h, "acknowledged-versions-kept");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("version 3 of job j-dv").contains("not among its kept versions [1, 2]");
  }

  @Test
  void anUpdateOfUnknownOutcomeNeedNotBeKept() {
    History h = healthy().update(5, "j-dv", "dv", 0, Outcome.INFO, 10, 18).build();
    assertThat(verdict(h, "acknowledged-versions-kept").passed()).isTrue();
  }

  @Test
  void aVersionPushedOutByTenNewerOnesIsNotLost() {
    Histories h = healthy();
    for (int v = 3; v <= 12; v++) h.update(5, "j-dv", "dv", v, Outcome.OK, 81 + v * 0.01, 81.005 + v * 0.01);
    h.finalRead(83, stopped("j-a", "a"), job("j-b", "b"), jobAt("j-dv", "dv", 12)).versions("j-dv", "dv", 84, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(verdict(h.build(), "acknowledged-versions-kept").passed()).isTrue();
  }

  @Test
  void withoutAReadOfAnUpdatedJobsVersionsTheCheckFails() {
    History h = healthy().update(5, "j-b", "b", 2, Outcome.OK, 10, 11).build();
    InvariantResult r = verdict(h, "acknowledged-versions-kept");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("no read of the versions of updated job j-b");
  }

  @Test
  void aLinearizableReadShowingAnOlderVersionAfterTheAcknowledgementIsCaught() {
    History h = healthy().readJob(2, "j-dv", 7, 7.5, jobAt("j-dv", "dv", 1)).build();
    InvariantResult r = verdict(h, "acknowledged-versions-kept");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("shows job j-dv at version 1").contains("acknowledged version 2");
  }

  @Test
  void aStaleReadMayShowAnOlderVersion() {
    History h = healthy().readJobs(3, true, 7, 7.5, jobAt("j-dv", "dv", 1)).build();
    assertThat(verdict(h, "acknowledged-versions-kept").passed()).isTrue();
  }

  @Test
  void aLiveTaskOfASupersededVersionInTheFinalReadIsCaught() {
    History h = healthy().finalTasks(85, new TaskSeen("t-b", "j-b", "web", 0, "RUNNING", "w1", "proc-1", 0),
        new TaskSeen("t-dv1", "j-dv", "sleep", 0, "RUNNING", "w1", "proc-8", 0, 1),
        new TaskSeen("t-dv2", "j-dv", "sleep", 0, "RUNNING", "w1", "proc-9", 0, 2)).build();
    InvariantResult r = verdict(h, "no-superseded-task-lives");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("task t-dv1").contains("of version 1 is RUNNING on w1").contains("at version 2");
  }

  @Test
  void aWorkerStillRunningACopyOfASupersededTaskIsCaught() {
    History h = healthy().runsUnwanted("w2", 95, "t-dv1", "j-dv", "proc-8b").build();
    InvariantResult r = verdict(h, "no-superseded-task-lives");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("worker w2 runs a copy (proc-8b) of task t-dv1, of version 1 of job j-dv");
  }

  @Test
  void aCopyReplacedByAnUpdateIsNoDisturbanceButOneEndedBeforeTheUpdateWasAskedIs() {
    assertThat(verdict(healthy().build(), "workloads-undisturbed").passed()).isTrue();
    History early = healthy().copy("w2", "t-dv0", "j-dv", "proc-6", 1.5, 2.0, null, "stopped").build();
    InvariantResult r = verdict(early, "workloads-undisturbed");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("the first stop or update of job j-dv was only asked at 3.000s");
  }
  @Test
  void anUpdatesNewCopyStartedBeforeTheOldVersionsEndedIsNoDoubleRun() {
    History h = startFirst(3).build();
    assertThat(verdict(h, "no-task-running-twice").passed()).isTrue();
  }

  @Test
  void twoOverlappingCopiesOfOneInstanceOfOneVersionAreStillCaught() {
    History h = startFirst(2).build();
    InvariantResult r = verdict(h, "no-task-running-twice");
    assertThat(r.passed()).isFalse();
    assertThat(r.counterexample()).contains("task instance j-dv/web/0@v2 ran on two workers at once");
  }

  /** Version 3 of j-dv starts on w2 at 20 s while version 2's copy still runs on w1; the task reads say {@code t-dv3}'s version. */
  private static Histories startFirst(int versionOfNewTask) {
    return healthy().update(4, "j-dv", "dv", 3, Outcome.OK, 19, 19.5)
        .copy("w2", "t-dv3", "j-dv", "proc-11", 20, null, null, null)
        .readTasks(20.5, 20.7, new TaskSeen("t-dv2", "j-dv", "sleep", 0, "RUNNING", "w1", "proc-9", 0, 2),
            new TaskSeen("t-dv3", "j-dv", "sleep", 0, "RUNNING", "w2", "proc-11", 0, versionOfNewTask));
  }
}
