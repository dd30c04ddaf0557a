package io.orchestrate.bench.fleet;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.core.util.DaemonThreads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Submits the bench's jobs through the HTTP API, {@code inFlight} at a time: that many lanes, each
 * with its own leader-finding client, each taking the next job number as soon as its last one was
 * committed. Every job has an idempotency key, so a client's retry after a lost answer never makes
 * a second job. The first failure stops every lane.
 *
 * <p>Lanes run on their own threads; the bench's thread reads progress and drains accepted jobs.
 */
final class JobSubmitter implements AutoCloseable {
  /** A job the API accepted, and how many tasks it holds. */
  record Submitted(String id, int tasks) {}

  private final FleetSettings settings;
  private final List<String> apis;
  private final String runId;
  private final Duration requestTimeout;
  private final ExecutorService lanes;
  private final AtomicInteger nextJob = new AtomicInteger();
  private final AtomicInteger acceptedJobs = new AtomicInteger();
  private final AtomicLong acceptedTasks = new AtomicLong();
  private final FleetAccess access;
  private final AtomicLong firstSentNanos = new AtomicLong();
  private final AtomicLong lastAcceptedNanos = new AtomicLong();
  private final ConcurrentLinkedQueue<Submitted> accepted = new ConcurrentLinkedQueue<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  JobSubmitter(FleetSettings settings, FleetAccess access, List<String> apis, String runId, Duration requestTimeout) {
    this.settings = settings;
    this.access = access;
    this.apis = List.copyOf(apis);
    this.runId = runId;
    this.requestTimeout = requestTimeout;
    this.lanes = Executors.newFixedThreadPool(settings.inFlight(), DaemonThreads.numbered("fleet-submit"));
  }

  void start() {
    for (int i = 0; i < settings.inFlight(); i++) lanes.execute(this::lane);
    lanes.shutdown();
  }

  /** One lane: at most every job once, so the loop ends after {@code jobs} turns at the latest. */
  private void lane() {
    ManagersClient client = access.client(apis, ClientSettings.defaults().withTimeout(requestTimeout));
    for (int turn = 0; turn < settings.jobs(); turn++) {
      if (failure.get() != null || Thread.currentThread().isInterrupted()) return;
      int n = nextJob.getAndIncrement();
      if (n >= settings.jobs()) return;
      int tasks = settings.tasksOfJob(n);
      firstSentNanos.compareAndSet(0, System.nanoTime());
      try {
        String id = client.submitJob(body("fleet-" + runId + "-" + n, tasks), runId + "-job-" + n).value().id();
        accepted.add(new Submitted(id, tasks));
        acceptedJobs.incrementAndGet();
        acceptedTasks.addAndGet(tasks);
        lastAcceptedNanos.set(System.nanoTime());
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        return;
      }
    }
  }

  /** Jobs accepted since the last call, in the order their answers came. */
  List<Submitted> drainAccepted() {
    List<Submitted> out = new ArrayList<>();
    for (Submitted s; (s = accepted.poll()) != null; ) out.add(s);
    return out;
  }

  int acceptedJobs() {
    return acceptedJobs.get();
  }

  long acceptedTasks() {
    return acceptedTasks.get();
  }

  /** When the first submission was sent (System.nanoTime), 0 before. */
  long firstSentNanos() {
    return firstSentNanos.get();
  }

  /** When the last accepted submission was answered, 0 before any. */
  long lastAcceptedNanos() {
    return lastAcceptedNanos.get();
  }

  /** The error that stopped the lanes, or null. */
  RuntimeException failure() {
    return failure.get();
  }

  /** A job of one task group, {@code count} copies of a task that reserves next to nothing. */
  static byte[] body(String name, int count) {
    return String.format(Locale.ROOT, "{\"name\":\"%s\",\"tasks\":[{\"name\":\"t\",\"image\":\"local/busybox:1\","
        + "\"command\":[\"sleep\",\"3600\"],\"count\":%d,\"resources\":{\"cpu\":%s,\"memoryMb\":%d}}]}",
        name, count, FleetSettings.TASK_RESOURCES.cpu(), FleetSettings.TASK_RESOURCES.memoryMb()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    lanes.shutdownNow();
    try {
      lanes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
