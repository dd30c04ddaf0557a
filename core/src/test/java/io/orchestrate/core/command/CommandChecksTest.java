package io.orchestrate.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What may enter the log: each rule names the field it refuses, and what the manager itself proposes passes. */
class CommandChecksTest {
  static TaskSpec task(String network) {
    return new TaskSpec("api", "local/busybox:1", List.of("httpd"), Map.of(), 2, Resources.of(0.5, 64, 0),
        new RestartPolicy(RestartPolicy.Policy.ALWAYS, 3, 1)).withNetwork(network);
  }

  static SubmitJob submit(String jobId, List<String> taskIds, String network, String key) {
    return new SubmitJob(jobId, key, new JobSpec("web", List.of(task(network))), taskIds, 1_700_000_000_000L);
  }

  static final SubmitJob GOOD = submit("j-00112233aabbccdd", List.of("t-0011223344556677", "t-8899aabbccddeeff"), null, "k-1");

  @Test
  void whatTheManagerProposesPasses() {
    assertThat(CommandChecks.problems(GOOD)).isEmpty();
    assertThat(CommandChecks.problems(new CommandBatch(List.of(GOOD, new StopJob("j-00112233aabbccdd", 1))))).isEmpty();
    assertThat(CommandChecks.problems(new PlaceTasks(List.of(new PlaceTasks.Placement("t-0011223344556677", "w1", 3)), 1))).isEmpty();
    assertThat(CommandChecks.problems(new ReportTasks(List.of(new ReportTasks.Report("sim-0001", "t-0011223344556677", 1,
        TaskState.RUNNING, 0, "c1", null, null, 1))))).isEmpty();
    assertThat(CommandChecks.problems(new RegisterNode("w1", "127.0.0.1", Resources.of(2, 1024, 0), Map.of("zone", "a"), "docker", 1))).isEmpty();
  }

  @Test
  void aTaskIdThatClimbsOutOfADirectoryIsRefused() {
    SubmitJob bad = submit("j-1", List.of("t-../../../tmp/owned", "t-2"), null, null);
    assertThat(CommandChecks.problems(bad)).singleElement().asString().startsWith("taskIds[0] 't-../../../tmp/owned' must be");
    assertThat(CommandChecks.problems(submit("j-1", List.of("t-..", "t-2"), null, null))).singleElement().asString().startsWith("taskIds[0]");
  }

  @Test
  void theJobSpecRulesApplyToARawSubmission() {
    SubmitJob bad = submit("j-1", List.of("t-1", "t-2"), "container:victim", null);
    assertThat(CommandChecks.problems(bad)).singleElement().asString().startsWith("spec: tasks[0].network must be one of");
  }

  @Test
  void taskIdsMustMatchTheInstancesAndBeDistinct() {
    assertThat(CommandChecks.problems(submit("j-1", List.of("t-1"), null, null))).containsExactly("taskIds holds 1 ids for 2 task instances");
    assertThat(CommandChecks.problems(submit("j-1", List.of("t-1", "t-1"), null, null))).containsExactly("taskIds[1] 't-1' is listed twice");
  }

  @Test
  void anIdempotencyKeyFollowsTheApiRule() {
    assertThat(CommandChecks.problems(submit("j-1", List.of("t-1", "t-2"), null, "has space"))).containsExactly(
        "idempotencyKey must be printable ASCII without spaces");
    assertThat(CommandChecks.problems(submit("j-1", List.of("t-1", "t-2"), null, "x".repeat(129)))).containsExactly(
        "idempotencyKey must be 1..128 characters");
  }

  @Test
  void problemsInsideABatchNameTheirPosition() {
    CommandBatch b = new CommandBatch(List.of(GOOD, new StopJob("j/1", 1), new SetNodeDrain(null, true, 1)));
    assertThat(CommandChecks.problems(b)).containsExactly(
        "commands[1].jobId 'j/1' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'",
        "commands[2].nodeId is required");
    assertThat(CommandChecks.problems(new CommandBatch(List.of()))).containsExactly("commands must not be empty");
  }

  @Test
  void otherCommandsAreCheckedField_by_field() {
    assertThat(CommandChecks.problems(new PlaceTasks(List.of(new PlaceTasks.Placement("t-1", "w 1", -1)), 1))).containsExactly(
        "placements[0].nodeId 'w 1' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'",
        "placements[0].expectedVersion must be >= 0");
    assertThat(CommandChecks.problems(new ReportTasks(List.of(new ReportTasks.Report("w1", "t-1", 1, null, -1, null, null,
        "x".repeat(5000), 1))))).containsExactly("reports[0].state is required", "reports[0].restarts must be >= 0",
        "reports[0].reason must be at most 4096 characters");
    assertThat(CommandChecks.problems(new RescheduleTasks(List.of(new RescheduleTasks.Replacement("t-1", "t-2", 0),
        new RescheduleTasks.Replacement("t-3", "t-2", 0)), 1))).containsExactly("replacements[1].newTaskId 't-2' is used twice");
    assertThat(CommandChecks.problems(new RegisterNode("w1", null, Resources.of(-1, 1, 0), Map.of(), "docker", 1))).containsExactly(
        "capacity must be finite and >= 0 (got Resources[cpu=-1.0, memoryMb=1, diskMb=0])");
    assertThat(CommandChecks.problems(new RegisterManager(null))).containsExactly("manager is required");
    assertThat(CommandChecks.problems(new CollectGarbage(List.of("j-1", "j-1"), List.of(), 0, 0, 0))).containsExactly(
        "jobIds[1] 'j-1' is listed twice");
  }

  @Test
  void requireValidListsEveryProblem() {
    assertThatThrownBy(() -> CommandChecks.requireValid(new StopJob("", 1)))
        .isInstanceOf(InvalidCommandException.class)
        .hasMessageStartingWith("command 'job.stop' refused: jobId '' must be");
  }
}
