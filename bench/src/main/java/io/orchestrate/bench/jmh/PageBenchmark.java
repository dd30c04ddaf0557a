package io.orchestrate.bench.jmh;

import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.TaskList;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobStatus;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.service.JobPages;
import io.orchestrate.manager.service.JobQuery;
import io.orchestrate.manager.service.TaskPages;
import io.orchestrate.manager.service.TaskQuery;
import io.orchestrate.manager.service.Views;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.manager.state.TaskKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one page of {@code GET /v1/tasks} and {@code GET /v1/jobs} costs a manager at a million
 * tasks, from the image to the JSON body (without the read barrier and the socket): the first page,
 * a page from the middle and one near the end (equal if a page costs O(log n + page)), a filter
 * matching one task in ten, a filter matching none (a page then stops at the scan budget: the
 * worst case), one job's tasks, and a page of jobs. {@code wholeListing} is what the API did before
 * paging: every task, sorted by job, in one body.
 *
 * <pre>java -jar bench/target/benchmarks.jar PageBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:MaxTenuringThreshold=0"})
public class PageBenchmark {
  static final int TASKS_PER_JOB = 10;
  static final int NODES = 100;
  static final long T0 = 1_700_000_000_000L;

  @Param({"1000000"})
  public int tasks;

  private StateImage image;
  private TaskKey middle;
  private TaskKey nearEnd;
  private String someJob;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    TaskSpec group = new TaskSpec("app", "local/busybox:1", List.of("sleep", "3600"), Map.of(), TASKS_PER_JOB, null, null, null, null, null);
    StateImage s = StateImage.EMPTY;
    for (int j = 0; j < tasks / TASKS_PER_JOB; j++) {
      Job job = new Job("j-" + Long.toHexString(rnd.nextLong()), "job-" + j, new JobSpec("job-" + j, List.of(group)), JobStatus.RUNNING,
          T0 + j, 0, null, j + 1);
      s = s.withJob(job);
      for (int i = 0; i < TASKS_PER_JOB; i++) {
        Task t = Task.pending("t-" + Long.toHexString(rnd.nextLong()), job.id(), "app", i, T0 + j, j + 1);
        if (rnd.nextInt(10) == 0) {
          t = t.placed("n-" + rnd.nextInt(NODES), T0 + j, j + 2).reported(TaskState.RUNNING, null, 0, "c", null, null, T0 + j, j + 3);
        }
        s = s.withTask(t);
      }
      if (j == tasks / TASKS_PER_JOB / 2) someJob = job.id();
    }
    image = s;
    Iterator<TaskKey> it = image.order().tasksAfter(null);
    for (int i = 0; it.hasNext(); i++) {
      TaskKey k = it.next();
      if (i == tasks / 2) middle = k;
      if (i == tasks - 2_000) nearEnd = k;
    }
  }

  private byte[] tasksBody(TaskQuery q) {
    return Json.bytes(new TaskList(TaskPages.page(image, q).items()));
  }

  @Benchmark
  public byte[] firstPage() {
    return tasksBody(TaskQuery.all(1000));
  }

  @Benchmark
  public byte[] middlePage() {
    return tasksBody(new TaskQuery(null, null, null, middle, 1000));
  }

  @Benchmark
  public byte[] pageNearTheEnd() {
    return tasksBody(new TaskQuery(null, null, null, nearEnd, 1000));
  }

  /** One task in ten is RUNNING: a page of 1,000 examines about 10,000. */
  @Benchmark
  public byte[] runningFromTheMiddle() {
    return tasksBody(new TaskQuery(null, null, TaskState.RUNNING, middle, 1000));
  }

  /** Nothing is FAILED: the page examines its whole scan budget and comes back empty with a cursor. */
  @Benchmark
  public byte[] filterMatchingNothing() {
    return tasksBody(new TaskQuery(null, null, TaskState.FAILED, middle, 1000));
  }

  @Benchmark
  public byte[] oneJobsTasks() {
    return tasksBody(new TaskQuery(someJob, null, null, null, 1000));
  }

  @Benchmark
  public byte[] firstPageOfJobs() {
    return Json.bytes(new JobList(JobPages.page(image, JobQuery.all(1000)).items()));
  }

  /** Before paging: every task, job by job, in one body. */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 3, time = 1)
  public byte[] wholeListing() {
    List<TaskView> out = new ArrayList<>(image.tasks().size());
    for (Job j : image.jobsInOrder()) for (Task t : image.tasksOf(j.id())) out.add(Views.task(image, t));
    return Json.bytes(new TaskList(out));
  }
}
