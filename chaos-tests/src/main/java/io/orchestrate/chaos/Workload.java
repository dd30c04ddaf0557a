package io.orchestrate.chaos;

import io.orchestrate.core.util.DaemonThreads;
import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.chaos.checker.JobSeen;
import io.orchestrate.chaos.checker.Op;
import io.orchestrate.chaos.checker.OpKind;
import io.orchestrate.chaos.checker.Outcome;
import io.orchestrate.chaos.checker.TaskSeen;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The concurrent clients. Each runs on its own thread with its own {@link ApiClient} and its own
 * seeded random, and records every operation. A submission has a unique name and an idempotency
 * key of its own; after an unknown outcome the client often retries the same key and name (which
 * must not make a second job). Clients also stop jobs, read the job list, single jobs and tasks,
 * linearizable and stale.
 *
 * <p>One submission in {@value #VERSIONED_EVERY} is of a <em>versioned</em> job (its name ends in
 * {@code v}): clients submit new versions of it (the same name, another command) and never stop it,
 * so an update always meets its job live and must make a version, never a second job. Every update
 * changes the job's only group, so once its deployment is done no task of an older version may live.
 */
final class Workload {
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(2500);
  static final Duration OP_DEADLINE = Duration.ofSeconds(8);
  /**
   * Above this many jobs, full job-list reads thin out in proportion (a single-job read takes the
   * turn instead), so that the history of a long run grows with time, not with time squared.
   */
  static final int LIST_READ_JOBS = 300;
  /** One submission in this many is of a versioned job. */
  static final int VERSIONED_EVERY = 4;
  /** The workload's command; an update runs it for {@code SLEEP_SECONDS + n} seconds, n unique to the update. */
  static final int SLEEP_SECONDS = 120;

  private final ApiAccess api;
  private final Recorder recorder;
  private final long seed;
  private final String runTag;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  /** Job ids whose submission was acknowledged, for stops and single reads; shared by every client. */
  private final List<String> acknowledged = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> stopped = new ConcurrentHashMap<>();
  /** Acknowledged job ids clients may stop: every job but the versioned ones. */
  private final List<String> stoppable = new CopyOnWriteArrayList<>();
  /** Acknowledged versioned jobs, id to name, for updates; shared, so clients update one job concurrently too. */
  private final Map<String, String> versioned = new ConcurrentHashMap<>();
  private final List<String> versionedIds = new CopyOnWriteArrayList<>();
  /** Updates sent, across clients: each update's command differs from every other's, so each must make a version. */
  private final AtomicInteger updates = new AtomicInteger();

  Workload(ApiAccess api, Recorder recorder, long seed, String runTag) {
    this.api = api;
    this.recorder = recorder;
    this.seed = seed;
    this.runTag = runTag;
  }

  void start(int clients) {
    for (int p = 0; p < clients; p++) {
      int process = p;
      Thread t = DaemonThreads.daemon(() -> runClient(process), "chaos-client-" + p);
      threads.add(t);
      t.start();
    }
  }

  /** Asks every client to finish its current operation and waits for them (bounded by the op deadline). */
  void stopAndJoin() throws InterruptedException {
    stop.set(true);
    long end = System.nanoTime() + OP_DEADLINE.plusSeconds(10).toNanos();
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not finish its operation in time");
    }
  }

  private void runClient(int process) {
    Random rnd = new Random(seed * 31 + process);
    ApiClient client = new ApiClient(api, ATTEMPT_TIMEOUT, OP_DEADLINE);
    int counter = 0;
    String[] retry = null; // {key, name} of a submission with an unknown outcome
    while (!stop.get()) {
      int dice = rnd.nextInt(100);
      if (dice < 30) {
        String key;
        String name;
        if (retry != null && rnd.nextInt(100) < 70) {
          key = retry[0];
          name = retry[1];
        } else {
          counter++;
          name = "c" + process + "-" + counter + (counter % VERSIONED_EVERY == 0 ? "v" : "");
          key = "k-" + runTag + "-" + process + "-" + counter;
        }
        Op op = submit(client, process, key, name);
        retry = op.outcome() == Outcome.INFO ? new String[] {key, name} : null;
      } else if (dice < 38) {
        int n = versionedIds.size();
        if (n > 0) update(client, process, versionedIds.get(rnd.nextInt(n)), runTag + "-" + process + "-u" + counter + "-" + rnd.nextInt(1 << 30));
      } else if (dice < 47) {
        int n = stoppable.size();
        if (n > 0) stop(client, process, stoppable.get(rnd.nextInt(n)));
      } else if (dice < 77 && rnd.nextInt(acknowledged.size() + 1) < LIST_READ_JOBS) {
        readJobs(client, process, dice >= 67);
      } else if (dice < 87) {
        String id = pick(rnd);
        if (id != null) readJob(client, process, id, false);
      } else if (dice < 92) {
        String id = pick(rnd);
        if (id != null) readJob(client, process, id, true);
      } else {
        readTasks(client, process);
      }
      think(rnd);
    }
  }

  private String pick(Random rnd) {
    int n = acknowledged.size();
    return n == 0 ? null : acknowledged.get(rnd.nextInt(n));
  }

  /** The workload's one-task job: {@code sleep} for {@code seconds}. */
  static byte[] job(String name, int seconds) {
    return Json.bytes(Map.of("name", name, "tasks", List.of(Map.of(
        "name", "sleep", "image", "local/busybox:1", "command", List.of("sleep", String.valueOf(seconds)), "count", 1,
        "resources", Map.of("cpu", 0.01, "memoryMb", 1, "diskMb", 0)))));
  }

  private Op submit(ApiClient client, int process, String key, String name) {
    byte[] body = job(name, SLEEP_SECONDS);
    long t0 = recorder.now();
    ApiClient.Result r = client.send("POST", "/v1/jobs", body, Map.of("Content-Type", "application/json", "Idempotency-Key", key));
    if (r.ok()) {
      try {
        JsonNode job = Json.lenient().readTree(r.body());
        String id = job.path("id").asText(null);
        if (id == null) throw new IOException("no id in " + new String(r.body()));
        acknowledged.add(id);
        if (!name.endsWith("v")) {
          stoppable.add(id);
        } else if (versioned.putIfAbsent(id, name) == null) {
          versionedIds.add(id);
        }
        return recorder.op(process, OpKind.SUBMIT, Outcome.OK, t0, key, name, id, false, null, null, null);
      } catch (IOException e) {
        return recorder.op(process, OpKind.SUBMIT, Outcome.INFO, t0, key, name, null, false, null, null, "unreadable 2xx: " + e.getMessage());
      }
    }
    return recorder.op(process, OpKind.SUBMIT, r.outcome(), t0, key, name, null, false, null, null, r.error());
  }

  /** A new version of a versioned job: its name with a command no other update sent. */
  private void update(ApiClient client, int process, String id, String key) {
    String name = versioned.get(id);
    byte[] body = job(name, SLEEP_SECONDS + updates.incrementAndGet());
    long t0 = recorder.now();
    ApiClient.Result r = client.send("POST", "/v1/jobs", body, Map.of("Content-Type", "application/json", "Idempotency-Key", key));
    if (!r.ok()) {
      recorder.op(process, OpKind.UPDATE, r.outcome(), t0, key, name, id, false, null, null, r.error());
      return;
    }
    try {
      JobSeen answer = jobSeen(Json.lenient().readTree(r.body()));
      recorder.op(process, OpKind.UPDATE, Outcome.OK, t0, key, name, id, false, List.of(answer), null, null);
    } catch (IOException e) {
      recorder.op(process, OpKind.UPDATE, Outcome.INFO, t0, key, name, id, false, null, null, "unreadable 2xx: " + e.getMessage());
    }
  }

  /** Jobs that got an update whose outcome was not a plain failure: the checker reads their kept versions at the end. */
  List<String> updatedJobs(List<Op> ops) {
    return ops.stream().filter(o -> o.kind() == OpKind.UPDATE && o.outcome() != Outcome.FAIL).map(Op::jobId).distinct().toList();
  }

  private void stop(ApiClient client, int process, String id) {
    long t0 = recorder.now();
    ApiClient.Result r = client.send("DELETE", "/v1/jobs/" + id, null, Map.of());
    if (r.ok()) stopped.put(id, true);
    recorder.op(process, OpKind.STOP, r.outcome(), t0, null, null, id, false, null, null, r.error());
  }

  private void readJobs(ApiClient client, int process, boolean stale) {
    long t0 = recorder.now();
    ApiClient.Result r = client.readAll("/v1/jobs" + (stale ? "?stale=true" : ""), "jobs");
    recordRead(process, OpKind.READ_JOBS, null, stale, t0, r);
  }

  private void readJob(ApiClient client, int process, String id, boolean stale) {
    long t0 = recorder.now();
    ApiClient.Result r = client.send("GET", "/v1/jobs/" + id + (stale ? "?stale=true" : ""), null, Map.of());
    recordRead(process, OpKind.READ_JOB, id, stale, t0, r);
  }

  private void readTasks(ApiClient client, int process) {
    long t0 = recorder.now();
    ApiClient.Result r = client.readAll("/v1/tasks", "tasks");
    recordRead(process, OpKind.READ_TASKS, null, false, t0, r);
  }

  /** The checker's read of a job's kept versions ({@code GET /v1/jobs/{id}/versions}): one {@link JobSeen} per version. */
  Op recordVersions(String jobId, long t0, ApiClient.Result r) {
    if (!r.ok()) return recorder.op(Op.CHECKER_PROCESS, OpKind.READ_VERSIONS, Outcome.FAIL, t0, null, null, jobId, false, null, null, r.error());
    try {
      JsonNode root = Json.lenient().readTree(r.body());
      List<JobSeen> kept = new ArrayList<>();
      for (JsonNode v : root.path("versions")) kept.add(new JobSeen(root.path("id").asText(), root.path("name").asText(), false, v.path("version").asInt()));
      return recorder.op(Op.CHECKER_PROCESS, OpKind.READ_VERSIONS, Outcome.OK, t0, null, null, jobId, false, kept, null, null);
    } catch (IOException e) {
      return recorder.op(Op.CHECKER_PROCESS, OpKind.READ_VERSIONS, Outcome.FAIL, t0, null, null, jobId, false, null, null,
          "unreadable answer: " + e.getMessage());
    }
  }

  /** Reads change nothing, so any read that did not succeed is a plain failure. */
  Op recordRead(int process, OpKind kind, String jobId, boolean stale, long t0, ApiClient.Result r) {
    if (!r.ok()) {
      return recorder.op(process, kind, Outcome.FAIL, t0, null, null, jobId, stale, null, null, r.error());
    }
    try {
      List<JobSeen> jobs = new ArrayList<>();
      List<TaskSeen> tasks = new ArrayList<>();
      if (r.status() != 404) {
        JsonNode root = Json.lenient().readTree(r.body());
        switch (kind) {
          case READ_JOBS -> root.path("jobs").forEach(j -> jobs.add(jobSeen(j)));
          case READ_JOB -> jobs.add(jobSeen(root));
          case READ_TASKS -> root.path("tasks").forEach(t -> tasks.add(new TaskSeen(t.path("id").asText(), t.path("jobId").asText(),
              t.path("name").asText(), t.path("index").asInt(), t.path("state").asText(), text(t, "node"), text(t, "containerId"),
              t.path("restarts").asInt(), t.path("jobVersion").asInt(0))));
          default -> throw new IllegalArgumentException("not a read: " + kind);
        }
      }
      return recorder.op(process, kind, Outcome.OK, t0, null, null, jobId, stale, jobs, tasks, null);
    } catch (IOException e) {
      return recorder.op(process, kind, Outcome.FAIL, t0, null, null, jobId, stale, null, null, "unreadable answer: " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.path(field).asText() : null;
  }

  private static JobSeen jobSeen(JsonNode j) {
    return new JobSeen(j.path("id").asText(), j.path("name").asText(), j.hasNonNull("stoppedAt"), j.path("version").asInt(0));
  }

  private void think(Random rnd) {
    try {
      TimeUnit.MILLISECONDS.sleep(150 + rnd.nextInt(200));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.set(true);
    }
  }
}
