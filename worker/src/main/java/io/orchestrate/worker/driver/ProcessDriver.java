package io.orchestrate.worker.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs a task's command as a child process of the worker, for machines without Docker (like
 * Nomad's raw_exec: no isolation, no resource limits, off unless enabled). Each task gets a
 * directory {@code <workDir>/<taskId>-<n>} as its working directory. Its stdout and stderr go,
 * line by line with the time each was read, into {@link TaskOutputFile} {@code <workDir>/logs/<taskId>/output.log},
 * one file for the task across its in-place restarts, so that its output can be followed and resumed,
 * rotated by size ({@link OutputRotation}) so that a chatty task cannot fill the disk.
 * Handles are {@code proc-<pid>}.
 *
 * <p>It cannot re-adopt tasks across worker restarts: a child process is known only to the JVM
 * that started it, so {@link #list()} reports what this instance started and has not removed, and
 * {@link #close()} kills those processes rather than leave orphans no one can stop.
 *
 * <p>Safe for concurrent callers: the only state is {@link #tasks}, a concurrent map from handle
 * to the started process.
 */
public final class ProcessDriver implements TaskDriver {
  static final int MAX_TAIL_BYTES = 1 << 20;
  /** How long to wait for a killed process to be reaped; SIGKILL cannot be ignored, so this is short. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);
  /** Variables a command needs to behave normally; the worker's other variables stay private. */
  private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER");

  private final Path workDir;
  private final Map<String, Started> tasks = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /** A started copy: {@code logFrom} is where its output begins ({@link TaskOutputFile#offset}); {@code pumps} copy it there. */
  private record Started(TaskLaunch launch, Process process, Path dir, TaskOutputFile output, long logFrom, List<Thread> pumps,
      java.util.concurrent.atomic.AtomicBoolean drained) {}

  /** One output file per task id, shared by its copies; the pumps of a copy write through it. */
  private final Map<String, TaskOutputFile> outputs = new ConcurrentHashMap<>();
  private final java.time.Clock clock;
  private final OutputRotation rotation;

  public ProcessDriver(Path workDir) {
    this(workDir, java.time.Clock.systemUTC(), OutputRotation.DEFAULTS);
  }

  public ProcessDriver(Path workDir, OutputRotation rotation) {
    this(workDir, java.time.Clock.systemUTC(), rotation);
  }

  public ProcessDriver(Path workDir, java.time.Clock clock) {
    this(workDir, clock, OutputRotation.DEFAULTS);
  }

  public ProcessDriver(Path workDir, java.time.Clock clock, OutputRotation rotation) {
    this.clock = clock;
    this.rotation = rotation;
    this.workDir = workDir.toAbsolutePath();
    try {
      Files.createDirectories(this.workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("process driver work dir " + this.workDir + " cannot be created", e);
    }
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public String start(TaskLaunch launch) throws DriverException {
    if (launch.command().isEmpty()) {
      throw new IllegalArgumentException("launch.command must not be empty for the process driver (task " + launch.taskId() + ")");
    }
    // A child process always shares the worker's network (bridge and host both mean that here);
    // cutting it off is beyond this driver, and starting it anyway would break the promise.
    if (io.orchestrate.core.spec.NetworkMode.NONE.equals(launch.network())) {
      throw new DriverException("task " + launch.taskId() + ": the process driver cannot run a task with network: none");
    }
    // Running it as the worker's own user instead would quietly give it more than it asked for.
    if (launch.user() != null) {
      throw new DriverException("task " + launch.taskId() + ": the process driver cannot run a task as another user (user: "
          + launch.user() + "); run it on a docker worker");
    }
    Path dir = workDir.resolve(safeFileName(launch.taskId()) + "-" + sequence.incrementAndGet());
    TaskOutputFile output = output(launch.taskId());
    ProcessBuilder builder = new ProcessBuilder(launch.command())
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Map<String, String> env = builder.environment();
    env.keySet().retainAll(INHERITED_ENV);
    env.putAll(launch.environment());
    Process process;
    long logFrom;
    try {
      Files.createDirectories(dir);
      Files.createDirectories(output.path().getParent());
      logFrom = output.offset();
      process = builder.start();
    } catch (IOException e) {
      throw new DriverException("task " + launch.taskId() + ": cannot run " + launch.command().get(0) + ": " + e.getMessage(), e);
    }
    String handle = "proc-" + process.pid();
    List<Thread> pumps = List.of(output.pump(process.getInputStream(), 'o', handle + "-stdout"),
        output.pump(process.getErrorStream(), 'e', handle + "-stderr"));
    tasks.put(handle, new Started(launch, process, dir, output, logFrom, pumps, new java.util.concurrent.atomic.AtomicBoolean()));
    return handle;
  }

  private TaskOutputFile output(String taskId) {
    return outputs.computeIfAbsent(taskId, id -> {
      TaskOutputFile f = new TaskOutputFile(workDir.resolve("logs").resolve(safeFileName(id)).resolve(TaskOutputFile.FILE_NAME), clock, rotation);
      f.resume();
      return f;
    });
  }

  /** How long an exited copy's pumps get to write its last lines before it is reported as exited anyway. */
  private static final long PUMP_DRAIN_MILLIS = 2000;

  /**
   * The pumps finish soon after the copy exits (they read to the end of its pipes); waiting for
   * them means a reported exit comes with all of the copy's output in the file. A grandchild that
   * keeps the pipe open is not waited for beyond the bound.
   */
  private static void drain(Started s) {
    if (s.drained.get()) return;
    long deadline = System.nanoTime() + PUMP_DRAIN_MILLIS * 1_000_000;
    for (Thread t : s.pumps) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return;
      try {
        t.join(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    s.drained.set(true);
  }

  /**
   * The task's output, as lines with their times (see {@link TaskOutputFile}). The file is per
   * task, so {@code handle} only has to be one of the task's copies, or null once none is left.
   */
  @Override
  public LogSource logs(String taskId, String handle, LogQuery query) throws DriverException {
    try {
      return new TaskOutputReader(output(taskId).path(), query);
    } catch (IOException e) {
      throw new DriverException("cannot open the output of task " + taskId + ": " + e.getMessage(), e);
    }
  }

  /** The names of the per-task output directories under {@code <workDir>/logs}: task ids, as {@link #safeFileName} wrote them. */
  @Override
  public java.util.Set<String> keptOutputs() throws DriverException {
    Path logs = workDir.resolve("logs");
    if (!Files.isDirectory(logs)) return java.util.Set.of();
    try (Stream<Path> dirs = Files.list(logs)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      throw new DriverException("cannot list the kept task output in " + logs + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void discardOutput(String taskId) throws DriverException {
    for (Started s : tasks.values()) if (s.launch.taskId().equals(taskId)) return;
    outputs.remove(taskId);
    Path dir = workDir.resolve("logs").resolve(safeFileName(taskId));
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new DriverException("cannot delete the output " + dir + " of task " + taskId + ": " + e.getMessage(), e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File("/dev/null");
  }

  /** Task ids are cluster-chosen, but a file name must never escape the work dir. */
  private static String safeFileName(String id) {
    return id.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  @Override
  public TaskStatus inspect(String handle) {
    Started s = tasks.get(handle);
    if (s == null) return TaskStatus.missing();
    if (s.process.isAlive()) return TaskStatus.running();
    drain(s);
    return TaskStatus.exited(s.process.exitValue(), signalReason(s.process.exitValue()));
  }

  /** The JDK reports a process killed by signal N as exit value 128 + N. */
  private static String signalReason(int exitValue) {
    if (exitValue == 128 + 9) return "killed (SIGKILL)";
    if (exitValue == 128 + 15) return "terminated (SIGTERM)";
    return null;
  }

  @Override
  public void stop(String handle, Duration grace) throws DriverException {
    Started s = tasks.get(handle);
    if (s == null || !s.process.isAlive()) return;
    // Children captured first, because once the parent dies they are re-parented and out of reach.
    // The parent is signalled first: a shell blocked in `wait` whose children died first would
    // exit 0 on its own, and the task would look as if it had ended cleanly.
    List<ProcessHandle> family = new ArrayList<>();
    family.add(s.process.toHandle());
    s.process.toHandle().descendants().forEach(family::add);
    family.forEach(ProcessHandle::destroy);
    try {
      if (s.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS) && family.stream().noneMatch(ProcessHandle::isAlive)) {
        return;
      }
      family.forEach(ProcessHandle::destroyForcibly);
      if (!s.process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new DriverException("process " + handle + " is still alive " + KILL_WAIT.toSeconds() + "s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while stopping " + handle, e);
    }
  }

  @Override
  public void remove(String handle) throws DriverException {
    Started s = tasks.get(handle);
    if (s == null) return;
    stop(handle, Duration.ZERO);
    tasks.remove(handle);
    try (Stream<Path> files = Files.walk(s.dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new DriverException("process " + handle + " removed but its directory " + s.dir + " was not: " + e.getMessage(), e);
    }
  }

  @Override
  public List<DriverTask> list() {
    List<DriverTask> out = new ArrayList<>();
    tasks.forEach((handle, s) -> out.add(new DriverTask(handle, s.launch.taskId(), s.launch.jobId(), s.launch.nodeId(),
        s.process.isAlive() ? TaskStatus.Phase.RUNNING : TaskStatus.Phase.EXITED)));
    return out;
  }

  @Override
  public String logsTail(String handle, int lines) throws DriverException {
    if (lines <= 0) throw new IllegalArgumentException("logs tail lines must be positive, was " + lines);
    Started s = tasks.get(handle);
    if (s == null) throw new DriverException("no process " + handle + " to read logs from");
    drain(s);
    Path file = s.output.path();
    try {
      if (!Files.exists(file)) return "";
      // This copy's lines only: the file also holds the output of the task's earlier copies (and
      // of this one, before a rotation, only what is in the current file is looked at).
      long mine = s.output.offset() - s.logFrom;
      String stored = LogTail.lastLines(file, lines, (int) Math.min(MAX_TAIL_BYTES, mine));
      StringBuilder out = new StringBuilder();
      for (String line : stored.split("\n", -1)) {
        if (line.isEmpty()) continue;
        int sp = line.indexOf(' ');
        out.append(sp >= 0 && line.length() >= sp + 3 ? line.substring(sp + 3) : line).append('\n');
      }
      return out.toString();
    } catch (IOException e) {
      throw new DriverException("cannot read the output " + file + " of " + handle + ": " + e.getMessage(), e);
    }
  }

  /** Processes share the worker's network namespace, so their ports are on the loopback address. */
  @Override
  public String address(String handle) throws DriverException {
    if (!tasks.containsKey(handle)) throw new DriverException("no process " + handle);
    return "127.0.0.1";
  }

  /**
   * Runs the command as another child process in the task's directory, with the task's environment,
   * its output in {@code health-check.log} there (overwritten each time) so that a failure can say
   * what it printed. One that outlives its timeout is killed with its children.
   */
  @Override
  public ExecResult exec(String handle, List<String> command, Duration timeout) throws DriverException {
    Started s = tasks.get(handle);
    if (s == null) throw new DriverException("no process " + handle + " to run a command for");
    if (command.isEmpty()) throw new IllegalArgumentException("exec command must not be empty");
    Path out = s.dir.resolve("health-check.log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(s.dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Map<String, String> env = builder.environment();
    env.keySet().retainAll(INHERITED_ENV);
    env.putAll(s.launch.environment());
    Process p;
    try {
      p = builder.start();
    } catch (IOException e) {
      throw new DriverException("cannot run " + command.get(0) + " for " + handle + ": " + e.getMessage(), e);
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new ExecResult(null, readQuietly(out));
      }
      return new ExecResult(p.exitValue(), readQuietly(out));
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while running " + command.get(0) + " for " + handle, e);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return LogTail.lastLines(file, 5, ExecResult.MAX_OUTPUT);
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills every process this instance started; see the class comment for why. */
  @Override
  public void close() {
    for (String handle : List.copyOf(tasks.keySet())) {
      try {
        stop(handle, Duration.ZERO);
      } catch (DriverException ignored) {
        // Closing continues with the other processes; a process that survives SIGKILL is beyond us.
      }
    }
  }
}
