package io.orchestrate.cli.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code orchestrate} subcommand run as a child JVM from this JVM's own class path (the fat
 * jar when run through {@code bin/orchestrate}), with its output in a log file. {@link #kill()}
 * sends SIGKILL: nothing in the child gets to clean up, as after a power cut.
 */
final class ChildProcess {
  private final String name;
  private final List<String> args;
  private final Path log;
  private Process process;

  ChildProcess(String name, List<String> args, Path log) {
    this.name = name;
    this.args = List.copyOf(args);
    this.log = log;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  void start() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    // Small heaps: a demo runs five JVMs on a laptop.
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.orchestrate.cli.Main");
    cmd.addAll(args);
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() throws InterruptedException {
    if (process == null) return;
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM (a clean stop), then SIGKILL if it has not exited within the grace. */
  void stop(long graceMillis) throws InterruptedException {
    if (process == null || !process.isAlive()) return;
    process.destroy();
    if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) kill();
  }
}
