package io.orchestrate.cli.ops;

import static org.awaitility.Awaitility.await;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.testkit.MiniCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a live cluster exports, for the tests that check the dashboard and the alert
 * rules against them: three managers (the leader reports follower lag, so a leader and a follower
 * are both scraped) and a worker, after some traffic, so that series created on first use
 * (histograms of a route, the proposal histogram) exist. Scraped once per test JVM and cached:
 * the cluster is closed before the names are returned.
 */
final class LiveScrape {
  private static Set<String> names;

  private LiveScrape() {}

  static synchronized Set<String> names() throws Exception {
    if (names == null) names = scrape();
    return names;
  }

  private static Set<String> scrape() throws Exception {
    Path dir = Files.createTempDirectory("live-scrape");
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.startWorker("w1", "process", Resources.of(2, 2048, 1000));
      byte[] job = """
          name: scraped
          tasks:
            - name: s
              image: none
              command: ["sleep", "300"]
              resources: {cpu: 0.1, memoryMb: 16, diskMb: 1}
          """.getBytes(StandardCharsets.UTF_8);
      if (c.submit(job, null).status() != 201) throw new IllegalStateException("the job was not accepted");
      String leader = c.leader().id();
      String follower = c.follower().id();
      c.http().get(c.api(leader), "/v1/jobs");
      c.http().get(c.api(leader), "/v1/no-such-route");
      // JVM GC pause timers appear with the first collection; a process that ran for a minute has
      // had one, a test JVM may not have.
      System.gc();
      await("the leader reports both followers").atMost(MiniCluster.WAIT)
          .until(() -> c.http().get(c.api(leader), "/metrics").text().contains("orchestrate_raft_follower_lag{follower="));
      Set<String> out = new TreeSet<>();
      out.addAll(sampleNames(c.http().get(c.api(leader), "/metrics").text()));
      out.addAll(sampleNames(c.http().get(c.api(follower), "/metrics").text()));
      out.addAll(sampleNames(c.worker("w1").scrapeMetrics()));
      return out;
    }
  }

  /** The name of every sample line of a scrape in the Prometheus text format. */
  static Set<String> sampleNames(String scrape) {
    Set<String> out = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') end++;
      out.add(line.substring(0, end));
    }
    return out;
  }
}
