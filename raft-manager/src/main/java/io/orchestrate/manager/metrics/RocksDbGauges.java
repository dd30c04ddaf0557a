package io.orchestrate.manager.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalLong;

/**
 * RocksDB's own figures for the manager's state store, read with {@code getLongProperty} on each
 * scrape: whether writes are stopped or slowed (a write stall holds up apply, hence every
 * commit's answer), the compaction debt behind it, and how much disk and memory the data takes.
 * A property that cannot be read now (the store is being replaced, or closed) reads NaN: a gauge
 * never blocks a scrape and never throws.
 */
public final class RocksDbGauges {
  /** Reads one property of the live store; empty when there is none to read. */
  public interface Source {
    OptionalLong property(String name, boolean perColumnFamily);
  }

  private RocksDbGauges() {}

  public static void register(MeterRegistry registry, Source store) {
    // Database-wide: the write controller's state.
    gauge(registry, store, "orchestrate.rocksdb.write.stopped", "rocksdb.is-write-stopped", false,
        "1 while RocksDB stops writes (a write stall): apply, and every commit's answer, waits");
    gauge(registry, store, "orchestrate.rocksdb.delayed.write.rate.bytes", "rocksdb.actual-delayed-write-rate", false,
        "the rate RocksDB slows writes to, in bytes per second; 0 when writes are not delayed");
    // Per column family, summed.
    gauge(registry, store, "orchestrate.rocksdb.pending.compaction.bytes", "rocksdb.estimate-pending-compaction-bytes", true,
        "bytes compaction must rewrite to bring every level within its target; growth leads to stalls");
    gauge(registry, store, "orchestrate.rocksdb.live.data.bytes", "rocksdb.estimate-live-data-size", true,
        "estimated size of the live data");
    gauge(registry, store, "orchestrate.rocksdb.sst.files.bytes", "rocksdb.total-sst-files-size", true,
        "size of all SST files on disk (includes data compaction has not yet dropped)");
    gauge(registry, store, "orchestrate.rocksdb.memtable.bytes", "rocksdb.cur-size-all-mem-tables", true,
        "size of the memtables, active and unflushed");
  }

  private static void gauge(MeterRegistry registry, Source store, String name, String property, boolean perCf, String help) {
    Gauge.builder(name, () -> {
      OptionalLong v = store.property(property, perCf);
      return v.isPresent() ? (double) v.getAsLong() : Double.NaN;
    }).description(help + " (" + property + ")").register(registry);
  }
}
