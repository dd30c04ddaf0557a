package io.orchestrate.cli.ops;

import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.testkit.HttpApi;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A light, steady write load: one job submission every {@code periodMs}, each with its own
 * idempotency key and retried with that key until a manager acknowledges it (201), as a careful
 * client would. Records every acknowledged job id, so a test can check none was lost.
 *
 * <p>Runs on its own single thread; {@link #addresses} is shared and copy-on-write.
 */
final class WriteLoad implements AutoCloseable {
  final List<String> addresses = new CopyOnWriteArrayList<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final HttpApi http;
  /** Sent with every write: the load's API token, or nothing on a cluster without tokens. */
  private final Map<String, String> auth;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("write-load"));
  private final AtomicInteger next = new AtomicInteger();
  private final String resources;
  private String pendingKey;

  /** A load over HTTPS with the operator's certificate and token, as every runbook's cluster requires. */
  WriteLoad(Operator operator, List<String> initial, long periodMs) {
    this(operator, initial, periodMs, "{cpu: 0.01, memoryMb: 1}");
  }

  WriteLoad(Operator operator, List<String> initial, long periodMs, String resources) {
    this(operator.http(), operator.bearer(), initial, periodMs, resources);
  }

  /**
   * @param resources each job's task resources; a size no worker offers keeps the load's jobs
   *     pending, so that a test with workers does not also start a task per write
   */
  private WriteLoad(HttpApi http, Map<String, String> auth, List<String> initial, long periodMs, String resources) {
    this.http = http;
    this.auth = Map.copyOf(auth);
    this.resources = resources;
    addresses.addAll(initial);
    thread.scheduleWithFixedDelay(this::writeOne, 0, periodMs, TimeUnit.MILLISECONDS);
  }

  private void writeOne() {
    if (pendingKey == null) pendingKey = "load-" + next.incrementAndGet();
    byte[] job = ("name: " + pendingKey + "\ntasks:\n  - name: t\n    image: local/busybox:1\n    command: [sleep, '3600']\n"
        + "    resources: " + resources + "\n").getBytes(StandardCharsets.UTF_8);
    for (String a : addresses) {
      try {
        HttpApi.Reply r = http.postFollowing(a, "/v1/jobs", job, headers(pendingKey), 3);
        if (r.status() == 201) {
          acknowledged.add(r.json().path("id").asText());
          pendingKey = null;
          return;
        }
      } catch (UncheckedIOException e) {
        // that manager is down or gone; the next one, or the next round, will take it
      }
    }
  }

  private Map<String, String> headers(String key) {
    Map<String, String> h = new java.util.HashMap<>(auth);
    h.put("Idempotency-Key", key);
    return h;
  }

  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  @Override
  public void close() throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(30, TimeUnit.SECONDS);
  }
}
