package io.orchestrate.chaos;

import io.orchestrate.core.util.DaemonThreads;
import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.chaos.checker.NodeSeen;
import io.orchestrate.chaos.checker.NodesSample;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the workers from the managers' side while the nemesis runs: every {@link #EVERY} a
 * linearizable {@code GET /v1/nodes}, each successful answer recorded as a {@link NodesSample}
 * (a node declared DOWN must show). It is not a client: it changes nothing and its reads are not
 * operations of the history. Runs on a thread of its own, started and stopped by the chaos run.
 */
final class Observer implements AutoCloseable {
  static final Duration EVERY = Duration.ofMillis(500);

  private final ApiClient client;
  private final Recorder recorder;
  private final AtomicBoolean stop = new AtomicBoolean();
  private Thread thread;

  Observer(ApiAccess api, Recorder recorder) {
    this.client = new ApiClient(api, Duration.ofSeconds(2), Duration.ofSeconds(4));
    this.recorder = recorder;
  }

  void start() {
    thread = DaemonThreads.daemon(() -> {
      while (!stop.get()) {
        sample();
        try {
          TimeUnit.MILLISECONDS.sleep(EVERY.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "chaos-observer");
    thread.start();
  }

  /** Stops sampling and takes one last sample; true when that last one succeeded. */
  boolean stopAndSampleOnce() throws InterruptedException {
    close();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    return sample();
  }

  /** Stops sampling (idempotent); a run that fails half-way must not leave it polling a cluster that is gone. */
  @Override
  public void close() {
    stop.set(true);
    if (thread != null) thread.interrupt();
  }

  private boolean sample() {
    long t0 = recorder.now();
    ApiClient.Result r = client.send("GET", "/v1/nodes", null, Map.of());
    if (!r.ok() || r.status() != 200) return false;
    try {
      List<NodeSeen> nodes = new ArrayList<>();
      for (JsonNode n : Json.lenient().readTree(r.body()).path("nodes")) {
        nodes.add(new NodeSeen(n.path("id").asText(), n.path("state").asText(), n.hasNonNull("reason") ? n.path("reason").asText() : null));
      }
      recorder.nodes(new NodesSample(t0, Math.max(t0, recorder.now()), nodes));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
