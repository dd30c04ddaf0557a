package io.orchestrate.bench.submit;

import io.orchestrate.bench.fleet.ManagerMemory;
import io.orchestrate.localcluster.ChildProcess;
import io.orchestrate.localcluster.LoopbackLayout;
import io.orchestrate.localcluster.ProcessCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The managers of {@code bench submit --processes N} and {@code bench failover}: {@code orchestrate
 * manager} child processes on loopback, each a JVM started as {@code bin/orchestrate manager} starts
 * one, so that the bench's client shares no heap, JIT or collector with them and a SIGKILL is real.
 */
public final class ManagerProcesses {
  private ManagerProcesses() {}

  /** Starts {@code n} managers with their data and logs under {@code root} and waits for a leader (and the ACL, with {@code tls}). */
  public static ProcessCluster start(Path root, int n, boolean tls) throws IOException {
    return ProcessCluster.start(LoopbackLayout.of(root, n), root.resolve("logs"), SubmitBench.PROCESS_START, SubmitBench.MANAGER_JVM, tls);
  }

  /** Each running manager's live heap after a full collection and its resident set, in id order. */
  public static List<SubmitReport.ManagerUse> weigh(ProcessCluster c, Duration jcmdTimeout) throws InterruptedException {
    List<SubmitReport.ManagerUse> out = new ArrayList<>();
    for (String id : c.layout().ids()) {
      ChildProcess p = c.process(id);
      if (!p.alive()) continue;
      ManagerMemory m = ManagerMemory.of(p.pid(), jcmdTimeout);
      out.add(new SubmitReport.ManagerUse(id, p.pid(), m.heapAfterGcBytes(), m.rssBytes()));
    }
    return out;
  }

  /** Stops every manager (SIGTERM, then SIGKILL after a grace) and deletes their data and logs. */
  public static void closeAndDelete(ProcessCluster c) {
    c.close();
    delete(c.layout().root());
  }

  /** Deletes {@code root} and everything under it; a failure is reported, not thrown (this runs on the way out). */
  static void delete(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  /** A process's resident set ({@code VmRSS} of {@code /proc/PID/status}) in bytes, or -1 where it cannot be read. */
  static long rss(long pid) {
    try {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^VmRSS:\\s+(\\d+)\\s+kB", java.util.regex.Pattern.MULTILINE)
          .matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
