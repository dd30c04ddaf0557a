package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scrape stays cheap and its size does not grow with the state: a manager holding 10,000 tasks
 * answers {@code GET /metrics} with the same series as an empty one (no label per job, task or
 * node), in milliseconds. The figures are printed for the README.
 */
class MetricsScrapeCostIT {
  private static final int JOBS = 10;
  private static final int PER_JOB = 1000;
  private static final int SCRAPES = 50;

  @TempDir Path dir;

  @Test
  void aScrapeOfAManagerHolding10000TasksIsSmallAndFast() {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      String m = c.api("m1");
      int emptySeries = series(c.http().get(m, "/metrics").text());
      long[] empty = timeScrapes(c, m);
      for (int j = 0; j < JOBS; j++) {
        byte[] job = """
            name: many-%d
            tasks:
              - name: t
                image: none
                command: ["sleep", "1"]
                count: %d
                resources: {cpu: 0.01, memoryMb: 1, diskMb: 1}
            """.formatted(j, PER_JOB).getBytes(StandardCharsets.UTF_8);
        assertThat(c.submit(job, null).status()).isEqualTo(201);
      }
      int tasks = JOBS * PER_JOB;
      await("every task applied").atMost(MiniCluster.WAIT)
          .until(() -> new PromText(c.http().get(m, "/metrics").text()).value("orchestrate_tasks") == tasks);

      long[] nanos = timeScrapes(c, m);
      String last = c.http().get(m, "/metrics").text();
      double medianMs = nanos[SCRAPES / 2] / 1e6;
      int series = series(last);
      System.out.printf("scrape of a manager with %d tasks: median %.1f ms, p90 %.1f ms, max %.1f ms over %d scrapes; %d series, %d bytes"
          + " (empty manager: median %.1f ms, p90 %.1f ms, %d series)%n", tasks, medianMs, nanos[SCRAPES * 9 / 10] / 1e6,
          nanos[SCRAPES - 1] / 1e6, SCRAPES, series, last.length(), empty[SCRAPES / 2] / 1e6, empty[SCRAPES * 9 / 10] / 1e6, emptySeries);

      PromText t = new PromText(last);
      assertThat(t.value("orchestrate_tasks_by_state", "state", "pending")).isEqualTo(tasks);
      // What 10,000 tasks added: the request series of the submits and the scrapes, a proposal
      // series and GC figures; nothing per task or job.
      assertThat(series).as("series with 10,000 tasks vs. none").isLessThan(emptySeries + 100);
      assertThat(last).doesNotContain("many-").doesNotContainPattern("\\b[tj]-[0-9a-f]{8,}");
      assertThat(medianMs).as("median scrape time").isLessThan(250.0);
    }
  }

  /** The times of {@link #SCRAPES} scrapes over HTTP, one after another, sorted. */
  private static long[] timeScrapes(MiniCluster c, String m) {
    long[] nanos = new long[SCRAPES];
    for (int i = 0; i < SCRAPES; i++) {
      long t0 = System.nanoTime();
      HttpApi.Reply r = c.http().get(m, "/metrics");
      nanos[i] = System.nanoTime() - t0;
      assertThat(r.status()).isEqualTo(200);
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static int series(String scrape) {
    int n = 0;
    for (String line : scrape.split("\n")) if (!line.isEmpty() && !line.startsWith("#")) n++;
    return n;
  }
}
