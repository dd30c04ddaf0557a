package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.RescheduleTasks;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.command.UpdateJob;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Apply rules for job versions (feature level 3): scale, replace, history, the level gate and the name rule. */
class JobUpdateApplierTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final StateImage LEVEL_2 = StateImage.EMPTY.withFeatures(new FeatureState(2, T0));
  private static final StateImage LEVEL_3 = StateImage.EMPTY.withFeatures(new FeatureState(3, T0));

  private static JobSpec spec(int apiCount, String apiCommand, int proxyCount) {
    return new JobSpec("web", List.of(
        new TaskSpec("api", "local/busybox:1", List.of(apiCommand), Map.of("PORT", "8080"), apiCount, Resources.of(0.5, 128, 50), null),
        new TaskSpec("proxy", "local/busybox:1", List.of("sleep"), null, proxyCount, null, null)));
  }

  private static List<String> ids(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(prefix + i);
    return out;
  }

  /** The job j-1 "web" at version 1 with api x2 and proxy x1, applied at index 10. */
  private static StateImage submitted(StateImage base) {
    Applier.Applied a = Applier.apply(base, new SubmitJob("j-1", "k-1", spec(2, "httpd", 1), ids("t-", 3), T0), 10);
    assertThat(a.result()).isEqualTo(new CommandResult.JobSubmitted("j-1", false));
    return a.image();
  }

  private static UpdateJob update(int from, JobSpec spec, List<String> taskIds, String key) {
    return new UpdateJob("j-1", from, spec, taskIds, "run", key, T0 + 1000L * from);
  }

  private static List<Task> live(StateImage s, String group) {
    return s.tasksOf("j-1").stream().filter(t -> t.group().equals(group) && !t.state().isTerminal()).toList();
  }

  @Test
  void aLevelTwoClusterRefusesAnUpdateWithTheUpgradeStepAndWritesNothing() {
    StateImage s = submitted(LEVEL_2);
    Applier.Applied a = Applier.apply(s, update(1, spec(3, "httpd", 1), ids("n-", 1), null), 11);

    assertThat(a.result()).isInstanceOf(CommandResult.Rejected.class);
    CommandResult.Rejected r = (CommandResult.Rejected) a.result();
    assertThat(r.code()).isEqualTo(ErrorCode.CONFLICT.wire());
    assertThat(r.message()).contains("job.update", "feature level 3", "the cluster is at 2", "orchestrate cluster features upgrade");
    assertThat(a.mutations().writes()).isEmpty();
    assertThat(a.image().jobs().get("j-1").jobVersion()).isEqualTo(1);
  }

  @Test
  void aJobWithoutVersionsReadsAsVersionOneAndEncodesAsBefore() {
    StateImage s = submitted(LEVEL_3);
    Job j = s.jobs().get("j-1");
    assertThat(j.jobVersion()).isEqualTo(1);
    assertThat(j.history()).singleElement().satisfies(v -> {
      assertThat(v.version()).isEqualTo(1);
      assertThat(v.spec()).isEqualTo(spec(2, "httpd", 1));
      assertThat(v.idempotencyKey()).isEqualTo("k-1");
    });
    // Records written before versions existed have neither field; they decode to version 1.
    String jobJson = new String(Json.bytes(j), java.nio.charset.StandardCharsets.UTF_8);
    String taskJson = new String(Json.bytes(s.tasks().get("t-0")), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(jobJson).doesNotContain("versions");
    assertThat(taskJson).doesNotContain("jobVersion");
    assertThat(Json.read(Json.bytes(j), Job.class)).isEqualTo(j);
    assertThat(Json.read(Json.bytes(s.tasks().get("t-0")), Task.class).createdFromVersion()).isEqualTo(1);
  }

  @Test
  void aCountChangeStartsOnlyTheNewSlotsAndLeavesEveryOtherTaskAsItWas() {
    StateImage s = submitted(LEVEL_3);
    Applier.Applied a = Applier.apply(s, update(1, spec(4, "httpd", 1), ids("n-", 2), null), 11);

    assertThat(a.result()).isEqualTo(new CommandResult.JobUpdated("j-1", 2, false));
    StateImage after = a.image();
    for (String id : List.of("t-0", "t-1", "t-2")) assertThat(after.tasks().get(id)).isEqualTo(s.tasks().get(id));
    assertThat(after.tasks().get("n-0")).satisfies(t -> {
      assertThat(t.group()).isEqualTo("api");
      assertThat(t.index()).isEqualTo(2);
      assertThat(t.state()).isEqualTo(TaskState.PENDING);
      assertThat(t.createdFromVersion()).isEqualTo(2);
    });
    assertThat(after.tasks().get("n-1").index()).isEqualTo(3);
    assertThat(after.jobs().get("j-1").history()).extracting(v -> v.changes()).last().isEqualTo(List.of("api: count 2 -> 4"));
  }

  @Test
  void scalingDownStopsTheHighestIndexesOnly() {
    StateImage s = Applier.apply(submitted(LEVEL_3), update(1, spec(4, "httpd", 1), ids("n-", 2), null), 11).image();
    Applier.Applied a = Applier.apply(s, update(2, spec(1, "httpd", 1), List.of(), null), 12);

    assertThat(a.result()).isEqualTo(new CommandResult.JobUpdated("j-1", 3, false));
    assertThat(live(a.image(), "api")).extracting(Task::id).containsExactly("t-0");
    for (String id : List.of("t-1", "n-0", "n-1")) {
      assertThat(a.image().tasks().get(id).state()).as(id).isEqualTo(TaskState.STOPPED);
      assertThat(a.image().tasks().get(id).reason()).as(id).isEqualTo("scaled down to 1 in job version 3");
    }
    assertThat(a.image().tasks().get("t-2")).isEqualTo(s.tasks().get("t-2"));
  }

  @Test
  void aChangedCommandReplacesEveryTaskOfThatGroupInOneEntry() {
    StateImage s = submitted(LEVEL_3);
    Applier.Applied a = Applier.apply(s, update(1, spec(2, "httpd -v", 1), ids("n-", 2), null), 11);

    assertThat(a.result()).isEqualTo(new CommandResult.JobUpdated("j-1", 2, false));
    assertThat(a.image().tasks().get("t-0").state()).isEqualTo(TaskState.STOPPED);
    assertThat(a.image().tasks().get("t-1").reason()).isEqualTo("replaced by job version 2");
    assertThat(live(a.image(), "api")).extracting(Task::id, Task::index, Task::createdFromVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("n-0", 0, 2), org.assertj.core.groups.Tuple.tuple("n-1", 1, 2));
    assertThat(a.image().tasks().get("t-2")).isEqualTo(s.tasks().get("t-2"));
    assertThat(a.image().jobs().get("j-1").spec()).isEqualTo(spec(2, "httpd -v", 1));
    assertThat(a.image().jobs().get("j-1").history().get(1).changes()).containsExactly("api: replaced (command)");
  }

  @Test
  void anUpdateDecidedOnAnOlderVersionIsRefusedForTheLeaderToDecideAgain() {
    StateImage s = Applier.apply(submitted(LEVEL_3), update(1, spec(3, "httpd", 1), ids("n-", 1), null), 11).image();
    Applier.Applied a = Applier.apply(s, update(1, spec(2, "other", 1), ids("m-", 2), null), 12);

    CommandResult.Rejected r = (CommandResult.Rejected) a.result();
    assertThat(r.message()).contains("changed meanwhile", "version 2", "version 1");
    assertThat(JobRefusals.decideAgain(r.message())).isTrue();
    assertThat(a.mutations().writes()).isEmpty();
  }

  @Test
  void anUpdateWhoseIdsDoNotMatchThePlanIsRefused() {
    Applier.Applied a = Applier.apply(submitted(LEVEL_3), update(1, spec(4, "httpd", 1), ids("n-", 1), null), 11);
    assertThat(((CommandResult.Rejected) a.result()).message()).contains("needs 2 new tasks and carries 1 ids");
    assertThat(a.mutations().writes()).isEmpty();
  }

  @Test
  void theLiveSpecAgainChangesNothing() {
    Applier.Applied a = Applier.apply(submitted(LEVEL_3), update(1, spec(2, "httpd", 1), List.of(), null), 11);
    assertThat(a.result()).isEqualTo(new CommandResult.JobUpdated("j-1", 1, true));
    assertThat(a.mutations().writes()).isEmpty();
  }

  @Test
  void onlyTheLastTenVersionsAreKept() {
    StateImage s = submitted(LEVEL_3);
    for (int v = 1; v <= 11; v++) {
      Applier.Applied a = Applier.apply(s, update(v, spec(2 + v, "httpd", 1), ids("v" + v + "-", 1), null), 10 + v);
      assertThat(a.result()).isEqualTo(new CommandResult.JobUpdated("j-1", v + 1, false));
      s = a.image();
    }
    Job j = s.jobs().get("j-1");
    assertThat(j.jobVersion()).isEqualTo(12);
    assertThat(j.history()).extracting(v -> v.version()).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(j.versionAt(2)).isNull();
    assertThat(j.versionAt(3).spec()).isEqualTo(spec(4, "httpd", 1));
  }

  @Test
  void stoppedTasksOfVersionsNoLongerKeptAreRemovedWhileThoseJustStoppedStay() {
    StateImage s = submitted(LEVEL_3);
    // Each version replaces api (a new command), so each stops the api tasks of the version before.
    for (int v = 1; v <= 10; v++) {
      s = Applier.apply(s, update(v, spec(2, "httpd-" + v, 1), ids("v" + v + "-", 2), null), 10 + v).image();
    }
    assertThat(s.jobs().get("j-1").jobVersion()).isEqualTo(11);
    assertThat(s.tasks()).as("version 1's api tasks: version 2 is now the oldest kept").doesNotContainKeys("t-0", "t-1");
    assertThat(s.tasks().get("t-2").state()).as("proxy, of version 1, still runs").isEqualTo(TaskState.PENDING);
    assertThat(s.tasks().get("v1-0").state()).as("version 2's, stopped, kept").isEqualTo(TaskState.STOPPED);
    assertThat(s.tasks().get("v9-0").reason()).isEqualTo("replaced by job version 11");
    assertThat(s.tasksOf("j-1")).hasSize(2 * 10 + 1);
  }

  @Test
  void aNameFindsTheLiveJobBeforeANewerStoppedOne() {
    // Level 2 let two jobs share a name; the newer is stopped, the older still runs.
    StateImage s = submitted(LEVEL_2);
    s = Applier.apply(s, new SubmitJob("j-2", null, spec(1, "httpd", 1), ids("u-", 2), T0 + 5), 11).image();
    s = Applier.apply(s, new StopJob("j-2", T0 + 6), 12).image();
    assertThat(s.findJob("web").id()).isEqualTo("j-1");
    assertThat(s.liveJobNamed("web").id()).isEqualTo("j-1");
    s = Applier.apply(s, new StopJob("j-1", T0 + 7), 13).image();
    assertThat(s.liveJobNamed("web")).isNull();
    assertThat(s.findJob("web").id()).as("with none live, the most recent").isEqualTo("j-2");
  }

  @Test
  void aLiveNameIsRefusedToANewSubmissionFromLevelThreeAndAllowedBelow() {
    SubmitJob again = new SubmitJob("j-2", null, spec(1, "httpd", 1), ids("u-", 2), T0);

    Applier.Applied at3 = Applier.apply(submitted(LEVEL_3), again, 11);
    assertThat(((CommandResult.Rejected) at3.result()).message()).contains("a live job named 'web' exists (job j-1, version 1)");
    assertThat(JobRefusals.decideAgain(((CommandResult.Rejected) at3.result()).message())).isTrue();

    Applier.Applied at2 = Applier.apply(submitted(LEVEL_2), again, 11);
    assertThat(at2.result()).isEqualTo(new CommandResult.JobSubmitted("j-2", false));

    StateImage stopped = Applier.apply(submitted(LEVEL_3), new StopJob("j-1", T0), 11).image();
    assertThat(Applier.apply(stopped, again, 12).result()).isEqualTo(new CommandResult.JobSubmitted("j-2", false));
  }

  @Test
  void anIdempotencyKeyAnswersItsOwnVersionAndRefusesAnotherBodyNamingTheKey() {
    StateImage s = Applier.apply(submitted(LEVEL_3), update(1, spec(3, "httpd", 1), ids("n-", 1), "k-2"), 11).image();

    Applier.Applied retry = Applier.apply(s, update(1, spec(3, "httpd", 1), ids("x-", 1), "k-2"), 12);
    assertThat(retry.result()).isEqualTo(new CommandResult.JobUpdated("j-1", 2, true));
    assertThat(retry.mutations().writes()).isEmpty();

    Applier.Applied other = Applier.apply(s, update(2, spec(5, "httpd", 1), ids("y-", 2), "k-2"), 12);
    assertThat(((CommandResult.Rejected) other.result()).message()).contains("Idempotency-Key 'k-2'", "different job file");

    // The first key still answers its own (first) version after the job moved on.
    Applier.Applied first = Applier.apply(s, new SubmitJob("j-9", "k-1", spec(2, "httpd", 1), ids("z-", 3), T0), 12);
    assertThat(first.result()).isEqualTo(new CommandResult.JobSubmitted("j-1", true));
  }

  @Test
  void aLostTaskOfASlotScaledAwayGetsNoNewAttemptAndOneOfAReplacedGroupIsTakenOverByItsNewTask() {
    StateImage s = submitted(LEVEL_3);
    s = Applier.apply(s, new RegisterNode("w1", "127.0.0.1:1", Resources.of(8, 8192, 8192), Map.of(), "process", T0, null), 11).image();
    s = Applier.apply(s, new PlaceTasks(List.of(new PlaceTasks.Placement("t-1", "w1", s.tasks().get("t-1").version())), T0), 12).image();
    s = Applier.apply(s, new MarkNodeDown("w1", "test", T0), 13).image();
    assertThat(s.tasks().get("t-1").state()).isEqualTo(TaskState.LOST);

    StateImage scaled = Applier.apply(s, update(1, spec(1, "httpd", 1), List.of(), null), 14).image();
    StateImage again = Applier.apply(scaled, new RescheduleTasks(List.of(new RescheduleTasks.Replacement("t-1", "r-1", T0)), T0), 15).image();
    assertThat(again.tasks()).doesNotContainKey("r-1");

    StateImage replaced = Applier.apply(s, update(1, spec(2, "httpd -v", 1), ids("n-", 2), null), 14).image();
    assertThat(replaced.tasks().get("t-1").replacedBy()).isEqualTo("n-1");
    assertThat(replaced.unreplaced()).doesNotContain("t-1");
  }

  @Test
  void replayingTheSameCommandsWritesTheSameBytes() {
    List<io.orchestrate.core.command.Command> log = List.of(
        new SubmitJob("j-1", "k-1", spec(2, "httpd", 1), ids("t-", 3), T0),
        update(1, spec(4, "httpd", 1), ids("n-", 2), "k-2"),
        update(2, spec(2, "httpd -v", 2), ids("m-", 3), null));
    List<String> first = replay(log);
    assertThat(replay(log)).isEqualTo(first);
  }

  private static List<String> replay(List<io.orchestrate.core.command.Command> log) {
    StateImage s = LEVEL_3;
    List<String> out = new ArrayList<>();
    long index = 10;
    for (io.orchestrate.core.command.Command c : log) {
      Applier.Applied a = Applier.apply(s, c, index++);
      a.mutations().writes().forEach(w -> out.add(w.cf() + " " + new String(w.key()) + " " + (w.value() == null ? "-" : new String(w.value()))));
      s = a.image();
    }
    return out;
  }
}
