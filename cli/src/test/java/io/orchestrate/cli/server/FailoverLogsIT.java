package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.ManagersClient;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.localcluster.LoopbackLayout;
import io.orchestrate.localcluster.ProcessCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managers' logs through a failover, as the demo runs them (child processes, text form): every
 * line from a logger has a full date, none comes in java.util.logging's own form, every survivor
 * names the new leader and its term, and no INFO line prints "null" for a value.
 */
class FailoverLogsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** java.util.logging's SimpleFormatter: "Dec 05, 2026 7:19:51 PM class method", then "INFO: message". */
  private static final Pattern JUL_FORM = Pattern.compile("^([A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M |(SEVERE|WARNING|INFO|CONFIG|FINE): )");
  private static final Pattern LEVEL = Pattern.compile("^\\S+ +(TRACE|DEBUG|INFO|WARN|ERROR) ");
  private static final Pattern NULL_WORD = Pattern.compile("\\bnull\\b");
  private static final String TEXT_LINE = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) +[A-Z]+ +\\[[^\\]]+\\] \\S+ - .*";

  @TempDir Path dir;

  @Test
  void managersLogTheFailoverInOneFormWithDates() throws Exception {
    String old;
    String next;
    try (ProcessCluster c = ProcessCluster.start(LoopbackLayout.of(dir, 3), dir.resolve("logs"), WAIT)) {
      old = c.awaitLeader().leader();
      ManagersClient client = c.client(Duration.ofSeconds(20));
      assertThat(client.submitJob("""
          name: before-failover
          tasks:
            - {name: a, image: local/busybox:1, command: ["sleep", "60"], count: 1}
          """.getBytes(StandardCharsets.UTF_8), "failover-logs-1").value().id()).startsWith("j-");
      c.kill(old);
      AtomicReference<String> elected = new AtomicReference<>();
      await().atMost(WAIT).ignoreExceptions().until(() -> {
        ClusterView v = client.cluster().value();
        if (v.leader() == null || v.leader().equals(old)) return false;
        elected.set(v.leader());
        return true;
      });
      next = elected.get();
      // Each survivor writes its line as Ratis tells it; wait for them before stopping.
      for (String id : c.layout().ids()) {
        if (id.equals(old)) continue;
        await().atMost(WAIT).until(() -> Files.readString(c.process(id).log()).contains("leader is " + next));
      }
    }

    for (String id : List.of("m1", "m2", "m3")) {
      List<String> lines = Files.readAllLines(dir.resolve("logs").resolve(id + ".log"), StandardCharsets.UTF_8);
      assertThat(lines).as(id + ": a log").isNotEmpty();
      assertThat(lines).as(id + ": lines in java.util.logging's form").noneMatch(l -> JUL_FORM.matcher(l).find());
      List<String> logged = lines.stream().filter(l -> LEVEL.matcher(l).find()).toList();
      assertThat(logged).as(id + ": lines from a logger").isNotEmpty().allMatch(l -> l.matches(TEXT_LINE));
      assertThat(logged.stream().filter(l -> l.contains(" INFO ")))
          .as(id + ": INFO lines that print null for a value").noneMatch(l -> NULL_WORD.matcher(l).find());
      assertThat(logged).as(id + ": names the first leader").anyMatch(l -> l.contains("leader is " + old));
      if (!id.equals(old)) {
        assertThat(logged).as(id + ": names the new leader and its term")
            .anyMatch(l -> Pattern.compile("leader is " + next + "( \\(this manager\\))? in term \\d+$").matcher(l).find());
      }
    }
  }
}
