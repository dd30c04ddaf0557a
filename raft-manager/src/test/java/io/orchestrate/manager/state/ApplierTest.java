package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobStatus;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.store.Cf;
import io.orchestrate.manager.store.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure apply function: what each command writes, what it answers, and that replaying gives the same bytes. */
class ApplierTest {
  private static final long T0 = 1_700_000_000_000L;

  private static JobSpec spec(String name) {
    return new JobSpec(name, List.of(
        new TaskSpec("api", "local/busybox:1", List.of("httpd"), Map.of("PORT", "8080"), 2, Resources.of(0.5, 128, 50), null),
        new TaskSpec("proxy", "local/busybox:1", null, null, 1, null, null)));
  }

  private static SubmitJob submit(String jobId, String key) {
    return new SubmitJob(jobId, key, spec("web"), List.of(jobId + "-t1", jobId + "-t2", jobId + "-t3"), T0);
  }

  /** A write as comparable values: column family, key and value as strings. */
  private record W(Cf cf, String key, String value) {}

  private static List<W> writes(Mutations m) {
    List<W> out = new ArrayList<>();
    for (Mutations.Write w : m.writes()) {
      out.add(new W(w.cf(), new String(w.key(), StandardCharsets.UTF_8), w.value() == null ? null : new String(w.value(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void submitCreatesTheJobItsPendingTasksAndTheIdempotencyEntry() {
    Applier.Applied a = Applier.apply(StateImage.EMPTY, submit("j-1", "k-1"), 7);

    assertThat(a.result()).isEqualTo(new CommandResult.JobSubmitted("j-1", false));
    StateImage s = a.image();
    assertThat(s.index()).isEqualTo(7);
    Job job = s.jobs().get("j-1");
    assertThat(job).isEqualTo(new Job("j-1", "web", spec("web"), JobStatus.RUNNING, T0, 0, "k-1", 7));
    assertThat(s.tasksOf("j-1")).extracting(Task::id, Task::group, Task::index, Task::state, Task::node, Task::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("j-1-t1", "api", 0, TaskState.PENDING, null, 7L),
            org.assertj.core.groups.Tuple.tuple("j-1-t2", "api", 1, TaskState.PENDING, null, 7L),
            org.assertj.core.groups.Tuple.tuple("j-1-t3", "proxy", 0, TaskState.PENDING, null, 7L));
    assertThat(s.idempotency()).containsExactly(Map.entry("k-1", "j-1"));

    // The writes persist exactly what the image holds.
    List<W> w = writes(a.mutations());
    assertThat(w).extracting(W::cf).containsExactly(Cf.JOBS, Cf.TASKS, Cf.TASKS, Cf.TASKS, Cf.IDEMPOTENCY);
    assertThat(Json.read(a.mutations().writes().get(0).value(), Job.class)).isEqualTo(job);
    for (int i = 1; i <= 3; i++) {
      Task t = Json.read(a.mutations().writes().get(i).value(), Task.class);
      assertThat(t).isEqualTo(s.tasks().get(w.get(i).key()));
    }
    assertThat(w.get(4)).isEqualTo(new W(Cf.IDEMPOTENCY, "k-1", "j-1"));
  }

  @Test
  void aSubmissionWithoutKeyWritesNoIdempotencyEntry() {
    Applier.Applied a = Applier.apply(StateImage.EMPTY, submit("j-1", null), 3);
    assertThat(a.image().idempotency()).isEmpty();
    assertThat(writes(a.mutations())).extracting(W::cf).doesNotContain(Cf.IDEMPOTENCY);
  }

  @Test
  void theSameKeyTwiceAnswersWithTheFirstJobAndWritesNothing() {
    StateImage first = Applier.apply(StateImage.EMPTY, submit("j-1", "k-1"), 1).image();

    Applier.Applied second = Applier.apply(first, submit("j-2", "k-1"), 2);

    assertThat(second.result()).isEqualTo(new CommandResult.JobSubmitted("j-1", true));
    assertThat(second.mutations().isEmpty()).isTrue();
    assertThat(second.image().jobs()).containsOnlyKeys("j-1");
    assertThat(second.image().tasks()).hasSize(3);
    assertThat(second.image()).isEqualTo(first.atIndex(2));
  }

  @Test
  void aDuplicateJobIdIsAConflictWithNoWrites() {
    StateImage first = Applier.apply(StateImage.EMPTY, submit("j-1", "k-1"), 1).image();

    Applier.Applied again = Applier.apply(first, new SubmitJob("j-1", "k-2", spec("other"), List.of("x1", "x2", "x3"), T0 + 1), 2);

    assertThat(again.result()).isInstanceOfSatisfying(CommandResult.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo(ErrorCode.CONFLICT.wire());
      assertThat(r.message()).contains("j-1");
    });
    assertThat(again.mutations().isEmpty()).isTrue();
    assertThat(again.image()).isEqualTo(first.atIndex(2));
    assertThat(again.image().idempotency()).as("the rejected key is not remembered").doesNotContainKey("k-2");
  }

  @Test
  void aTaskIdThatExistsIsAConflictWithNoWrites() {
    StateImage first = Applier.apply(StateImage.EMPTY, submit("j-1", null), 1).image();

    Applier.Applied clash = Applier.apply(first, new SubmitJob("j-2", null, spec("web"), List.of("n1", "j-1-t2", "n3"), T0), 2);

    assertThat(clash.result()).isInstanceOfSatisfying(CommandResult.Rejected.class,
        r -> assertThat(r.code()).isEqualTo(ErrorCode.CONFLICT.wire()));
    assertThat(clash.mutations().isEmpty()).isTrue();
    assertThat(clash.image().jobs()).doesNotContainKey("j-2");
  }

  @Test
  void aWrongNumberOfTaskIdsIsRejectedAtApply() {
    // Spec validation is the leader's decision, made before proposing: apply does not re-run it,
    // so replicas of different versions (a rolling upgrade) can never disagree about a logged job.
    SubmitJob shortIds = new SubmitJob("j-1", null, spec("web"), List.of("only-one"), T0);
    Applier.Applied b = Applier.apply(StateImage.EMPTY, shortIds, 1);
    assertThat(b.result()).isInstanceOfSatisfying(CommandResult.Rejected.class,
        r -> assertThat(r.code()).isEqualTo(ErrorCode.BAD_REQUEST.wire()));
    assertThat(b.mutations().isEmpty()).isTrue();
    assertThat(b.image().jobs()).isEmpty();
  }

  @Test
  void stopStopsTheJobAndEveryNonTerminalTask() {
    // A base with one task already COMPLETED, built through Delta as apply would.
    StateImage submitted = Applier.apply(StateImage.EMPTY, submit("j-1", null), 1).image();
    Delta d = new Delta(submitted.atIndex(2));
    d.putTask(submitted.tasks().get("j-1-t3").withState(TaskState.SCHEDULED, null, T0, 2).withState(TaskState.COMPLETED, "exit 0", T0, 2));
    d.putTask(submitted.tasks().get("j-1-t2").withState(TaskState.SCHEDULED, null, T0, 2).withState(TaskState.RUNNING, null, T0, 2));
    StateImage base = d.image();

    Applier.Applied a = Applier.apply(base, new StopJob("j-1", T0 + 500), 3);

    assertThat(a.result()).isEqualTo(new CommandResult.JobStopped("j-1", false));
    Job job = a.image().jobs().get("j-1");
    assertThat(job.status()).isEqualTo(JobStatus.STOPPED);
    assertThat(job.stoppedAtMillis()).isEqualTo(T0 + 500);
    assertThat(job.version()).isEqualTo(3);
    assertThat(a.image().tasks().get("j-1-t1").state()).isEqualTo(TaskState.STOPPED);
    assertThat(a.image().tasks().get("j-1-t2").state()).isEqualTo(TaskState.STOPPED);
    assertThat(a.image().tasks().get("j-1-t2").updatedAtMillis()).isEqualTo(T0 + 500);
    assertThat(a.image().tasks().get("j-1-t3")).as("a terminal task keeps its end").isEqualTo(base.tasks().get("j-1-t3"));
    assertThat(writes(a.mutations())).extracting(W::cf, W::key)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Cf.JOBS, "j-1"),
            org.assertj.core.groups.Tuple.tuple(Cf.TASKS, "j-1-t1"),
            org.assertj.core.groups.Tuple.tuple(Cf.TASKS, "j-1-t2"));
  }

  @Test
  void stoppingAStoppedJobAnswersAlreadyStoppedAndWritesNothing() {
    StateImage stopped = Applier.apply(Applier.apply(StateImage.EMPTY, submit("j-1", null), 1).image(), new StopJob("j-1", T0 + 1), 2).image();

    Applier.Applied again = Applier.apply(stopped, new StopJob("j-1", T0 + 99), 3);

    assertThat(again.result()).isEqualTo(new CommandResult.JobStopped("j-1", true));
    assertThat(again.mutations().isEmpty()).isTrue();
    assertThat(again.image().jobs().get("j-1").stoppedAtMillis()).as("the first stop's time stays").isEqualTo(T0 + 1);
  }

  @Test
  void stoppingAnUnknownJobIsNotFound() {
    Applier.Applied a = Applier.apply(StateImage.EMPTY, new StopJob("j-nope", T0), 1);

    assertThat(a.result()).isInstanceOfSatisfying(CommandResult.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo(ErrorCode.NOT_FOUND.wire());
      assertThat(r.message()).contains("j-nope");
    });
    assertThat(a.mutations().isEmpty()).isTrue();
  }

  @Test
  void registeringAManagerWritesOnlyWhatChanged() {
    ManagerInfo m1 = new ManagerInfo("m1", "h:1", "h:2", "h:3");
    Applier.Applied first = Applier.apply(StateImage.EMPTY, new RegisterManager(m1), 1);
    assertThat(first.result()).isEqualTo(new CommandResult.Done());
    assertThat(first.image().managers()).containsExactly(Map.entry("m1", m1));
    assertThat(writes(first.mutations())).extracting(W::cf).containsExactly(Cf.MANAGERS);

    Applier.Applied same = Applier.apply(first.image(), new RegisterManager(m1), 2);
    assertThat(same.mutations().isEmpty()).isTrue();

    ManagerInfo moved = new ManagerInfo("m1", "h:1", "h:9", "h:3");
    Applier.Applied changed = Applier.apply(same.image(), new RegisterManager(moved), 3);
    assertThat(changed.image().managers().get("m1")).isEqualTo(moved);
    assertThat(changed.mutations().isEmpty()).isFalse();
  }

  @Test
  void aBatchAppliesInOrderWithOneResultEach() {
    CommandBatch batch = new CommandBatch(List.of(
        new StopJob("j-1", T0), // before the submit below: not found yet
        submit("j-1", "k-1"),
        submit("j-2", "k-1"), // same key, in the same entry: answers with j-1
        new StopJob("j-1", T0 + 1),
        new StopJob("j-1", T0 + 2)));

    Applier.Applied a = Applier.apply(StateImage.EMPTY, batch, 5);

    assertThat(a.result()).isInstanceOf(CommandResult.Batch.class);
    List<CommandResult> results = ((CommandResult.Batch) a.result()).results();
    assertThat(results).hasSize(5);
    assertThat(results.get(0)).isInstanceOfSatisfying(CommandResult.Rejected.class,
        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_FOUND.wire()));
    assertThat(results.subList(1, 5)).containsExactly(
        new CommandResult.JobSubmitted("j-1", false),
        new CommandResult.JobSubmitted("j-1", true),
        new CommandResult.JobStopped("j-1", false),
        new CommandResult.JobStopped("j-1", true));
    assertThat(a.image().jobs()).containsOnlyKeys("j-1");
    assertThat(a.image().jobs().get("j-1").stopped()).isTrue();
    assertThat(a.image().tasks().values()).allMatch(t -> t.state() == TaskState.STOPPED && t.version() == 5);
    assertThat(a.image().index()).isEqualTo(5);
  }

  @Test
  void replayingTheSameCommandsOnTwoEmptyImagesGivesEqualImagesAndEqualBytes() {
    List<Command> log = List.of(
        new RegisterManager(new ManagerInfo("m1", "h:1", "h:2", "h:3")),
        submit("j-1", "k-1"),
        new CommandBatch(List.of(submit("j-2", null), submit("j-3", "k-1"), new StopJob("j-1", T0 + 10))),
        new StopJob("j-2", T0 + 20),
        new StopJob("j-9", T0 + 30),
        submit("j-1", "k-other"));

    StateImage a = StateImage.EMPTY;
    StateImage b = StateImage.EMPTY;
    for (int i = 0; i < log.size(); i++) {
      long index = i + 1;
      Applier.Applied x = Applier.apply(a, log.get(i), index);
      Applier.Applied y = Applier.apply(b, log.get(i), index);
      assertThat(y.result()).as("result at %d", index).isEqualTo(x.result());
      assertThat(y.image()).as("image at %d", index).isEqualTo(x.image());
      assertThat(writes(y.mutations())).as("writes at %d", index).isEqualTo(writes(x.mutations()));
      a = x.image();
      b = y.image();
    }
    assertThat(a.jobs()).containsOnlyKeys("j-1", "j-2");
    assertThat(a.index()).isEqualTo(log.size());
  }

  @Test
  void applyDoesNotChangeTheImageItWasGiven() {
    StateImage base = Applier.apply(StateImage.EMPTY, submit("j-1", "k-1"), 1).image();
    StateImage copy = base.atIndex(base.index());

    Applier.apply(base, new StopJob("j-1", T0), 2);
    Applier.apply(base, submit("j-2", "k-2"), 2);

    assertThat(base).isEqualTo(copy);
    assertThat(base.jobs().get("j-1").stopped()).isFalse();
  }
}
