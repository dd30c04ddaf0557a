package io.orchestrate.core.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the background threads of managers, workers and tools. Every thread is a
 * daemon, so a forgotten executor never keeps a JVM from exiting; each is named so that a thread
 * dump says whose it is.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Every thread is called {@code name}: for single-thread executors. */
  public static ThreadFactory named(String name) {
    return r -> daemon(r, name);
  }

  /** Threads called {@code prefix-1}, {@code prefix-2}, …: for pools. */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(r, prefix + "-" + n.incrementAndGet());
  }

  /** A daemon thread called {@code name} running {@code r}, not yet started. */
  public static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
