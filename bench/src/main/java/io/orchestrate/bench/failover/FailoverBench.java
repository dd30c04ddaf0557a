package io.orchestrate.bench.failover;

import io.orchestrate.bench.submit.ManagerProcesses;
import io.orchestrate.bench.submit.SubmitLoad;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.localcluster.ProcessCluster;
import io.orchestrate.localcluster.Waits;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine of {@code orchestrate bench failover}: manager processes on loopback; in each trial,
 * SIGKILL the leader and time how long until a write is accepted at a survivor's address, probing
 * the survivors in turn every {@link Settings#probeEvery} with a job submission (one idempotency
 * key per trial, so a probe that committed but whose answer was lost cannot count twice). The killed
 * manager is restarted and the cluster is whole again, every member reachable, before the next trial.
 *
 * <p>Each probe goes straight to one address and is not retried by a client library: the figure is
 * the cluster's (election, then a follower forwarding to the new leader), not a client's backoff.
 *
 * <p>Used by one thread.
 */
public final class FailoverBench {
  /**
   * @param managers     manager processes to start
   * @param trials       leaders to kill, one after the other
   * @param tls          mutual TLS and API tokens, as a deployment runs; plain text otherwise
   * @param probeEvery   the pause between two probes that were not accepted
   * @param probeTimeout how long one probe may take before it counts as not accepted
   * @param trialTimeout a trial with no accepted write within this fails the bench
   */
  public record Settings(int managers, int trials, boolean tls, Duration probeEvery, Duration probeTimeout, Duration trialTimeout) {
    public static Settings defaults(int trials) {
      return new Settings(3, trials, true, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
  }

  private final Settings settings;

  public FailoverBench(Settings settings) {
    this.settings = settings;
  }

  public FailoverReport run(PrintWriter progress) throws IOException, InterruptedException {
    Path root = Files.createTempDirectory("orchestrate-bench-failover-");
    say(progress, "starting %d manager processes on loopback%s (data and logs in %s) ...", settings.managers(),
        settings.tls() ? " with mutual TLS and API tokens" : " in plain text", root);
    ProcessCluster c = ManagerProcesses.start(root, settings.managers(), settings.tls());
    Thread cleanup = new Thread(() -> ManagerProcesses.closeAndDelete(c), "bench-failover-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.probeTimeout());
      if (c.clientTls() != null) b.sslContext(c.clientTls());
      HttpClient http = b.build();
      String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
      List<FailoverReport.Trial> trials = new ArrayList<>();
      for (int t = 1; t <= settings.trials(); t++) {
        FailoverReport.Trial trial = trial(c, http, runId, t);
        trials.add(trial);
        say(progress, "trial %d of %d: killed leader %s (term %d); a write was accepted at %s %,d ms later after %d probes; new leader %s",
            t, settings.trials(), trial.killed(), trial.termBefore(), trial.acceptedAt(), trial.ms(), trial.probes(), trial.newLeader());
        c.restart(trial.killed());
      }
      return FailoverReport.of(settings.managers() + " manager processes" + (settings.tls() ? " with TLS + token" : " in plain text"), trials);
    } finally {
      say(progress, "stopping the manager processes and deleting %s", root);
      ManagerProcesses.closeAndDelete(c);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs, and closing twice is harmless.
      }
    }
  }

  private FailoverReport.Trial trial(ProcessCluster c, HttpClient http, String runId, int n) throws InterruptedException {
    // Every member back and reachable, the killed one of the last trial included, and caught up:
    // a survivor still replaying would refuse a token it has not applied yet (401), which is not failover.
    c.awaitLeader();
    ClusterView before = Waits.until("every manager caught up with the leader", settings.trialTimeout(), settings.probeEvery(), () -> {
      ClusterView v = c.client(settings.trialTimeout()).cluster().value();
      long leaderApplied = v.members().stream().filter(m -> m.id().equals(v.leader())).mapToLong(m -> m.appliedIndex()).max().orElse(-1);
      boolean all = leaderApplied >= 0 && v.members().stream().allMatch(m -> m.appliedIndex() >= leaderApplied);
      return all ? v : null;
    });
    String old = before.leader();
    List<String> survivors = c.layout().ids().stream().filter(id -> !id.equals(old)).map(id -> c.layout().slot(id).api().toString()).toList();
    String scheme = c.clientTls() == null ? "http" : "https";
    String key = runId + "-failover-" + n;
    byte[] body = SubmitLoad.body(runId + "-failover", n);
    AtomicInteger probes = new AtomicInteger();
    java.util.Map<String, Integer> refusals = new java.util.TreeMap<>();
    long killedAt = System.nanoTime();
    c.kill(old);
    String acceptedAt = Waits.until("a write accepted at a survivor after SIGKILL of leader " + old, settings.trialTimeout(),
        settings.probeEvery(), () -> {
          String address = survivors.get(probes.getAndIncrement() % survivors.size());
          String refused = refusal(http, URI.create(scheme + "://" + address + "/v1/jobs"), body, key, c.token(), killedAt);
          if (refused == null) return address;
          refusals.merge(refused, 1, Integer::sum);
          return null;
        });
    long ms = (System.nanoTime() - killedAt) / 1_000_000;
    ClusterView after = c.client(settings.trialTimeout()).cluster().value();
    return new FailoverReport.Trial(n, old, before.term(), acceptedAt, ms, probes.get(), after.leader(), after.term(), refusals);
  }

  /**
   * Null when the probe's write was accepted; otherwise what refused it, with the tenth of a second
   * after the kill it was answered in ({@code " 0.6s: HTTP 503 no leader is elected"}), so the report
   * shows what a failover spends its time on: the survivors still naming the dead leader (their
   * election timeout running), no leader (the election), then "not ready" (the new leader's first
   * entry not yet committed and applied).
   */
  private String refusal(HttpClient http, URI uri, byte[] body, String key, String token, long killedAt) {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(settings.probeTimeout()).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json").header("Idempotency-Key", key);
    if (token != null) r.header("Authorization", "Bearer " + token);
    String why;
    try {
      HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() == 201 || resp.statusCode() == 200) return null;
      why = "HTTP " + resp.statusCode() + " " + errorText(resp.body());
    } catch (IOException e) {
      why = e.getClass().getSimpleName(); // refused, reset or timed out: the next probe tells
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    long tenths = (System.nanoTime() - killedAt) / 100_000_000L;
    return String.format(Locale.ROOT, "%4.1fs: %s", tenths / 10.0, why);
  }

  /** The error text of an API error body, its variable parts (ids, addresses) left in: the report groups by it. */
  private static String errorText(String body) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
    return m.find() ? m.group(1) : body.length() > 80 ? body.substring(0, 80) : body;
  }

  private static void say(PrintWriter out, String format, Object... args) {
    out.printf(Locale.ROOT, format + "%n", args);
    out.flush();
  }
}
