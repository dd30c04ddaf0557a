package io.orchestrate.manager.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.nio.file.Path;

/**
 * The process's own figures, Micrometer's binders: heap and non-heap pools, GC pauses, threads,
 * classes, CPU, uptime, open file descriptors and the data directory's free disk. Each reads its
 * MX bean on scrape. The GC binder listens for GC notifications until closed: a manager closed in
 * a JVM that goes on (tests start many) must not leave its listener behind.
 */
final class JvmMeters implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();

  JvmMeters(MeterRegistry registry, Path dataDir) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    // One path, so one series: the disk alert watches the volume that holds the Raft log and RocksDB.
    if (dataDir != null) new DiskSpaceMetrics(dataDir.toFile()).bindTo(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
