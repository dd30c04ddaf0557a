package io.orchestrate.localcluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code orchestrate} subcommand run as a child JVM from this JVM's own class path (the fat
 * jar when run through {@code bin/orchestrate}), with its output in a log file. {@link #kill()}
 * sends SIGKILL: nothing in the child gets to clean up, as after a power cut.
 *
 * <p>Owned by the thread that made it.
 */
public final class ChildProcess {
  /** The CLI's entry point, which every child runs. */
  public static final String MAIN = "io.orchestrate.cli.Main";
  /** Small heaps, quick to start: a demo runs five JVMs on a laptop. */
  public static final List<String> SMALL_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final String name;
  private final List<String> args;
  private final Path log;
  private final List<String> jvmOptions;
  private Process process;

  /** A child with {@link #SMALL_JVM} options. */
  public ChildProcess(String name, List<String> args, Path log) {
    this(name, args, log, SMALL_JVM);
  }

  /** A child whose JVM gets {@code jvmOptions} (heap, collector) before the class path. */
  public ChildProcess(String name, List<String> args, Path log, List<String> jvmOptions) {
    this.name = name;
    this.args = List.copyOf(args);
    this.log = log;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public void start() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MAIN);
    cmd.addAll(args);
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, and wait for the process to be gone. */
  public void kill() throws InterruptedException {
    if (process == null) return;
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM (a clean stop), then SIGKILL if it has not exited within the grace. */
  public void stop(long graceMillis) throws InterruptedException {
    if (process == null || !process.isAlive()) return;
    process.destroy();
    if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) kill();
  }

  /** SIGKILL without waiting: for a caller that was interrupted and must not block. */
  public void destroyNow() {
    if (process != null) process.destroyForcibly();
  }
}
