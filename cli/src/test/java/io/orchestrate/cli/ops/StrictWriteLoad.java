package io.orchestrate.cli.ops;

import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.testkit.HttpApi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady write load that forgives nothing but what a healthy cluster does on purpose: one job
 * submission every {@code periodMs} to one manager over one HTTPS client (its connections kept
 * alive, as a real client's are), following a 307 to the leader and trying a 503 (no leader for a
 * moment) again at the next tick with the same idempotency key. Anything else is a failed
 * request, recorded with its reason: a refused handshake, a reset connection, a 4xx or 5xx, or
 * more than {@link #MAX_TRIES} tries. Unlike {@link WriteLoad}, it never moves on to another
 * manager, so a port that refuses a certificate cannot hide behind one that accepts it.
 *
 * <p>Bounded: stops by itself after {@code maxRequests}. Runs on its own single thread; the
 * counters and the failure list are read by the test thread.
 */
final class StrictWriteLoad implements AutoCloseable {
  static final int MAX_TRIES = 40;

  private final HttpApi http;
  private final String address;
  private final int maxRequests;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("strict-write-load"));
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final long startedAt = System.nanoTime();
  private volatile long stoppedAt;
  private int next;
  private int tries;

  StrictWriteLoad(HttpApi http, String address, long periodMs, int maxRequests) {
    this.http = http;
    this.address = address;
    this.maxRequests = maxRequests;
    thread.scheduleWithFixedDelay(this::tick, 0, periodMs, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    if (next >= maxRequests) return;
    String key = "rotate-load-" + next;
    byte[] job = ("name: " + key + "\ntasks:\n  - name: t\n    image: local/busybox:1\n    command: [sleep, '3600']\n"
        // More than any worker offers: acknowledged and left pending, so the load starts no task.
        + "    resources: {cpu: 8, memoryMb: 1}\n").getBytes(StandardCharsets.UTF_8);
    tries++;
    try {
      HttpApi.Reply r = http.postFollowing(address, "/v1/jobs", job, Map.of("Idempotency-Key", key), 3);
      if (r.status() == 201) {
        acknowledged.incrementAndGet();
        done();
        return;
      }
      if (r.status() == 503 && tries < MAX_TRIES) {
        retries.incrementAndGet();
        return;
      }
      failures.add(key + ": " + r.status() + " after " + tries + " tries: " + r.text());
    } catch (RuntimeException e) {
      failures.add(key + ": " + e);
    }
    done();
  }

  private void done() {
    next++;
    tries = 0;
    if (next >= maxRequests) stoppedAt = System.nanoTime();
  }

  int acknowledged() {
    return acknowledged.get();
  }

  /** Ticks answered 503 and tried again. */
  int retries() {
    return retries.get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** From the first request to the last one sent, or to now if it is still running. */
  Duration elapsed() {
    long end = stoppedAt == 0 ? System.nanoTime() : stoppedAt;
    return Duration.ofNanos(end - startedAt);
  }

  @Override
  public void close() throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(30, TimeUnit.SECONDS);
    if (stoppedAt == 0) stoppedAt = System.nanoTime();
  }
}
