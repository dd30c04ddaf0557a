package io.orchestrate.bench.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a manager process holds: its live heap (used heap right after a full collection that
 * {@code jcmd PID GC.run} asks for, read from {@code jcmd PID GC.heap_info}) and its resident set
 * ({@code VmRSS} of {@code /proc/PID/status}). Another process's heap is only visible through the
 * attach API, hence jcmd; it ships with every JDK.
 *
 * @param heapAfterGcBytes -1 when jcmd could not tell
 * @param rssBytes         -1 where /proc is not readable
 * @param problem          why a figure is missing, or null
 */
public record ManagerMemory(long heapAfterGcBytes, long rssBytes, String problem) {
  /** A generation line: "def new generation total 78656K, used 1400K", "garbage-first heap total 262144K, used 12345K". */
  private static final Pattern HEAP_USED = Pattern.compile("total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
  private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+)\\s+kB", Pattern.MULTILINE);

  /** Collects {@code pid}'s heap and reads its size; each jcmd gets at most {@code timeout}. */
  public static ManagerMemory of(long pid, Duration timeout) throws InterruptedException {
    String problem = null;
    long heap = -1;
    try {
      jcmd(pid, "GC.run", timeout);
      heap = heapUsed(jcmd(pid, "GC.heap_info", timeout));
      if (heap < 0) problem = "GC.heap_info named no heap generation (a collector this bench cannot read)";
    } catch (IOException e) {
      problem = e.getMessage();
    }
    long rss = -1;
    try {
      rss = rss(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException e) {
      if (problem == null) problem = "no /proc/" + pid + "/status: " + e.getMessage();
    }
    return new ManagerMemory(heap, rss, problem);
  }

  /** The sum of every generation's used size in a GC.heap_info answer, in bytes; -1 when it lists none. */
  static long heapUsed(String heapInfo) {
    Matcher m = HEAP_USED.matcher(heapInfo);
    long kib = 0;
    boolean any = false;
    while (m.find()) {
      kib += Long.parseLong(m.group(2));
      any = true;
    }
    return any ? kib * 1024 : -1;
  }

  /** VmRSS of a /proc/PID/status text, in bytes; -1 when absent. */
  static long rss(String status) {
    Matcher m = VM_RSS.matcher(status);
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  private static String jcmd(long pid, String command, Duration timeout) throws IOException, InterruptedException {
    Path out = Files.createTempFile("fleet-jcmd-", ".txt");
    try {
      Process p = new ProcessBuilder(List.of(jcmdBinary(), Long.toString(pid), command))
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("jcmd " + pid + " " + command + " did not answer within " + timeout.toSeconds() + " s");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) throw new IOException("jcmd " + pid + " " + command + " exited with " + p.exitValue() + ": " + text.strip());
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The jcmd next to this JVM's java, else whichever is on the PATH. */
  private static String jcmdBinary() {
    Path home = Path.of(System.getProperty("java.home"));
    for (Path p : List.of(home.resolve("bin/jcmd"), home.resolveSibling("bin/jcmd"))) {
      if (Files.isExecutable(p)) return p.toString();
    }
    return "jcmd";
  }
}
