package io.orchestrate.manager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's memtables stay within their budget however much is written: with RocksDB's defaults
 * one column family alone holds up to 64 MiB before its first flush, and every family as much.
 */
class StoreMemoryTest {
  @TempDir Path dir;

  @Test
  void memtablesAreFlushedOnceTheyPassTheirShareOfTheCacheAndEveryRecordStaysReadable() throws Exception {
    byte[] value = new byte[4096];
    long written = 0;
    long largest = 0;
    try (ManagerStore store = ManagerStore.open(dir.resolve("s"))) {
      // 96 MiB in 1 MiB entries over two families: three times the budget, more than one default memtable.
      for (int entry = 0; entry < 96; entry++) {
        Mutations m = new Mutations();
        for (int i = 0; i < 256; i++) {
          Arrays.fill(value, (byte) (entry + i));
          m.put(i % 2 == 0 ? Cf.TASKS : Cf.JOBS, "k-" + entry + "-" + i, value.clone());
          written += value.length;
        }
        store.commit(m, 1, entry);
        largest = Math.max(largest, store.longProperty("rocksdb.cur-size-all-mem-tables", true));
      }
      assertThat(written).isGreaterThanOrEqualTo(3 * ManagerStore.MEMTABLE_BYTES);
      // The budget is checked as writes arrive, so a memtable being flushed is still counted: allow one write buffer more.
      assertThat(largest).as("largest memtable total seen").isLessThanOrEqualTo(ManagerStore.MEMTABLE_BYTES + ManagerStore.WRITE_BUFFER_BYTES);
      assertThat(store.applied()).containsExactly(1, 95);
      long[] count = {0};
      store.forEach(Cf.TASKS, (k, v) -> count[0]++);
      assertThat(count[0]).isEqualTo(96 * 128);
    }
  }
}
