package io.orchestrate.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status a user sees for a job, derived from its tasks. */
class JobSummaryTest {
  private static final Job RUNNING_JOB = new Job("j-1", "web", new JobSpec("web", List.of()), JobStatus.RUNNING, 1, 0, null, 1);

  private static List<Task> tasks(TaskState... states) {
    List<Task> out = new ArrayList<>();
    for (int i = 0; i < states.length; i++) {
      out.add(Task.pending("t-" + i, "j-1", "api", i, 1, 1).withState(states[i], null, 2, 2));
    }
    return out;
  }

  @Test
  void aStoppedJobIsStoppedWhateverItsTasks() {
    Job stopped = RUNNING_JOB.stop(5, 5);
    assertThat(JobSummary.status(stopped, tasks(TaskState.RUNNING))).isEqualTo("stopped");
    assertThat(JobSummary.status(stopped, tasks(TaskState.FAILED))).isEqualTo("stopped");
    assertThat(JobSummary.status(stopped, List.of())).isEqualTo("stopped");
  }

  @Test
  void noTasksYetIsPending() {
    assertThat(JobSummary.status(RUNNING_JOB, List.of())).isEqualTo("pending");
  }

  @Test
  void pendingAndScheduledTasksArePending() {
    assertThat(JobSummary.status(RUNNING_JOB, tasks(TaskState.PENDING, TaskState.SCHEDULED))).isEqualTo("pending");
  }

  @Test
  void oneRunningTaskMakesItRunning() {
    assertThat(JobSummary.status(RUNNING_JOB, tasks(TaskState.PENDING, TaskState.RUNNING))).isEqualTo("running");
    assertThat(JobSummary.status(RUNNING_JOB, tasks(TaskState.COMPLETED, TaskState.RUNNING))).isEqualTo("running");
  }

  @Test
  void aFailureWhileOthersStillRunIsStillRunning() {
    assertThat(JobSummary.status(RUNNING_JOB, tasks(TaskState.FAILED, TaskState.RUNNING))).isEqualTo("running");
  }

  @Test
  void allCompletedIsComplete() {
    assertThat(JobSummary.status(RUNNING_JOB, tasks(TaskState.COMPLETED, TaskState.COMPLETED))).isEqualTo("complete");
  }

  @Test
  void allTerminalWithAFailureOrALossIsFailed() {
    assertThat(JobSummary.status(RUNNING_JOB, tasks(TaskState.COMPLETED, TaskState.FAILED))).isEqualTo("failed");
    assertThat(JobSummary.status(RUNNING_JOB, tasks(TaskState.COMPLETED, TaskState.LOST))).isEqualTo("failed");
  }

  @Test
  void tasksStoppedOneByOneWithoutStoppingTheJobCountAsComplete() {
    assertThat(JobSummary.status(RUNNING_JOB, tasks(TaskState.STOPPED, TaskState.COMPLETED))).isEqualTo("complete");
  }
}
