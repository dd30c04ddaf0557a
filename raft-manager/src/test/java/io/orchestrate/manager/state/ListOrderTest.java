package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobStatus;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The image's sorted orders stay in step with its records: one key per record, in key order, whatever changes. */
class ListOrderTest {
  private static final long T0 = 1_700_000_000_000L;

  private static Job job(String id, long createdAt) {
    TaskSpec g = new TaskSpec("app", "local/busybox:1", null, Map.of(), 1, null, null, null, null, null);
    return new Job(id, id, new JobSpec(id, List.of(g)), JobStatus.RUNNING, createdAt, 0, null, 1);
  }

  private static List<String> taskOrder(StateImage s) {
    List<String> out = new ArrayList<>();
    s.order().tasksAfter(null).forEachRemaining(k -> out.add(k.id()));
    return out;
  }

  @Test
  void everyRecordHasExactlyOneKeyThroughRandomChanges() {
    Random rnd = new Random(11);
    StateImage s = StateImage.EMPTY;
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      int dice = rnd.nextInt(10);
      if (dice < 3 || taskIds.isEmpty()) {
        String jobId = "j-" + Integer.toHexString(rnd.nextInt());
        s = s.withJob(job(jobId, T0 + rnd.nextInt(50)));
        for (int n = 0; n < 1 + rnd.nextInt(3); n++) {
          String id = "t-" + Integer.toHexString(rnd.nextInt());
          s = s.withTask(Task.pending(id, jobId, "app", n, T0 + rnd.nextInt(50), i));
          taskIds.add(id);
        }
      } else if (dice < 8) {
        Task t = s.tasks().get(taskIds.get(rnd.nextInt(taskIds.size())));
        s = s.withTask(t.state() == TaskState.PENDING ? t.placed("n" + rnd.nextInt(3), T0, i) : t.withState(TaskState.STOPPED, "user", T0, i));
      } else {
        Job j = new ArrayList<>(s.jobs().values()).get(rnd.nextInt(s.jobs().size()));
        s = s.withJob(j.stop(T0 + 99, i));
      }
    }

    List<Task> expected = new ArrayList<>(s.tasks().values());
    expected.sort(Comparator.comparing(TaskKey::of));
    assertThat(taskOrder(s)).containsExactlyElementsOf(expected.stream().map(Task::id).toList());
    List<Job> jobs = new ArrayList<>(s.jobs().values());
    jobs.sort(Comparator.comparingLong(Job::createdAtMillis).thenComparing(Job::id));
    assertThat(s.jobsInOrder()).containsExactlyElementsOf(jobs);
  }

  @Test
  void aCursorIsAPositionNotAnOffset() {
    StateImage s = StateImage.EMPTY.withJob(job("j-1", T0));
    for (String id : List.of("t-a", "t-c", "t-e")) s = s.withTask(Task.pending(id, "j-1", "app", 0, T0, 1));
    TaskKey cursor = TaskKey.of(s.tasks().get("t-c"));
    s = s.withTask(Task.pending("t-b", "j-1", "app", 0, T0, 2)).withTask(Task.pending("t-d", "j-1", "app", 0, T0, 2));

    List<String> rest = new ArrayList<>();
    s.order().tasksAfter(cursor).forEachRemaining(k -> rest.add(k.id()));

    assertThat(rest).containsExactly("t-d", "t-e");
  }

  @Test
  void removingRecordsRemovesTheirKeys() {
    Job j = job("j-1", T0);
    Task t = Task.pending("t-1", "j-1", "app", 0, T0, 1);
    ListOrder o = ListOrder.EMPTY.withJob(null, j).withTask(null, t);

    ListOrder gone = o.withoutTask(t).withoutJob(j);

    assertThat(o.jobs()).hasSize(1);
    assertThat(o.tasks()).hasSize(1);
    assertThat(gone.jobs()).isEmpty();
    assertThat(gone.tasks()).isEmpty();
  }
}
