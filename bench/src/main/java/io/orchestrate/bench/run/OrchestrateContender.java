package io.orchestrate.bench.run;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.localcluster.LocalCluster;
import io.orchestrate.core.api.NodeList;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.worker.Worker;
import io.orchestrate.worker.WorkerConfig;
import io.orchestrate.worker.driver.TaskDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * orchestrate as a contender: managers in this JVM on loopback with default settings (except the
 * scheduling interval, which the caller may set), plus one docker-driver worker in this JVM. Each
 * trial submits one job of N identical tasks, then stops it and waits until the worker holds
 * nothing, so that trials do not overlap.
 *
 * <p>Used by one thread; the engine poll of a trial runs on a helper thread it joins.
 */
public final class OrchestrateContender implements Contender {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final BenchSettings settings;
  private final Path dir;
  private final Engine engine;
  private final Time time;
  private final Poll poll;
  private final String nodeId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
  private final ExecutorService observer = Executors.newSingleThreadExecutor(DaemonThreads.named("bench-engine-poll"));
  private LocalCluster managers;
  private Worker worker;
  private ManagersClient client;
  private int round;

  public OrchestrateContender(BenchSettings settings, Path dir, Engine engine, Time time) {
    this.settings = settings;
    this.dir = dir;
    this.engine = engine;
    this.time = time;
    this.poll = new Poll(time);
  }

  @Override
  public String name() {
    return "orchestrate";
  }

  @Override
  public void setUp() throws Exception {
    managers = LocalCluster.builder(dir).managers(settings.managers()).wait(READY_TIMEOUT)
        .tune(b -> b.schedulingInterval(settings.schedulingInterval())).start();
    client = new ManagersClient(managers.apis(), ClientSettings.defaults().withTimeout(settings.timeout()), time);
    worker = new Worker(WorkerConfig.builder().id(nodeId).dataDir(dir.resolve("worker"))
        .managers(managers.gateways())
        .driver(WorkerConfig.DRIVER_DOCKER).advertiseHost("127.0.0.1")
        // The benchmark's own worker runs its tasks on the host network when asked (--network host).
        .allow(io.orchestrate.core.spec.Allow.requiredBy(settings.network()))
        // The benchmark's tasks are `sleep`, which ignores SIGTERM as PID 1: a grace would only slow the clean-up.
        .stopGrace(Duration.ZERO).build()).start();
    poll.until("the worker registered and READY", this::readyNodes, 1, time.nanoTime(), Duration.ofMillis(50), READY_TIMEOUT);
  }

  private int readyNodes() {
    NodeList nodes = client.nodes().value();
    int n = 0;
    for (Map<String, Object> node : nodes.nodes()) {
      if (nodeId.equals(node.get("id")) && "READY".equals(String.valueOf(node.get("state")))) n++;
    }
    return n;
  }

  @Override
  public Trial trial(int tasks) throws Exception {
    String name = "bench-" + (++round);
    byte[] job = jobFile(name, tasks, settings);
    long start = time.nanoTime();
    JobView submitted = client.submitJob(job, UUID.randomUUID().toString()).value();
    String jobId = submitted.id();
    CompletableFuture<Poll.Progress> engineSide = CompletableFuture.supplyAsync(() -> {
      try {
        return poll.track("containers of job " + jobId + " running", () -> engine.runningWithLabel(TaskDriver.LABEL_JOB_ID, jobId),
            tasks, start, settings.enginePoll(), settings.timeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }, observer);
    try {
      long[] placedAt = {0};
      Duration reported = poll.until("tasks of job " + jobId + " RUNNING", () -> {
        List<TaskView> views = client.job(jobId).value().tasks();
        if (placedAt[0] == 0 && views.stream().noneMatch(t -> "PENDING".equals(t.state()))) placedAt[0] = time.nanoTime();
        return (int) views.stream().filter(t -> "RUNNING".equals(t.state())).count();
      }, tasks, start, settings.apiPoll(), settings.timeout());
      Poll.Progress containers = engineSide.join();
      Duration placed = placedAt[0] == 0 ? reported : Duration.ofNanos(placedAt[0] - start);
      return new Trial(placed, containers.first(), reported, containers.all());
    } finally {
      engineSide.cancel(true);
      stop(jobId);
    }
  }

  /** Stops the job and waits until the worker has removed its containers, so the next trial starts on a quiet engine. */
  private void stop(String jobId) throws InterruptedException {
    client.stopJob(jobId);
    poll.until("the worker to let go of job " + jobId, () -> worker.tasks().isEmpty() ? 1 : 0, 1, time.nanoTime(),
        Duration.ofMillis(50), settings.timeout());
    // Normally none: the worker removes what it stops.
    engine.removeWithLabel(TaskDriver.LABEL_JOB_ID, jobId);
  }

  static byte[] jobFile(String name, int tasks, BenchSettings settings) {
    return String.format(Locale.ROOT, """
        name: %s
        tasks:
          - name: sleeper
            image: %s
            command: ["sleep", "3600"]
            count: %d
            resources: {cpu: %s, memoryMb: %d}
        %s""", name, settings.image(), tasks, settings.taskCpu(), settings.taskMemoryMb(),
        settings.network() == null ? "" : "    network: " + settings.network() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    observer.shutdownNow();
    if (worker != null) worker.close();
    if (managers != null) managers.close();
    // The worker leaves containers running when it stops: remove whatever this node started.
    engine.removeWithLabel(TaskDriver.LABEL_NODE, nodeId);
  }
}
