package io.orchestrate.worker.store;

import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The worker's local RocksDB under {@code <dataDir>/store}: column family {@code tasks} (task id →
 * {@link TaskRecord} as JSON) and {@code meta} (the highest leader term seen). Writes are synced,
 * because a worker that forgets a term after a crash could obey a deposed leader, and one that
 * forgets a task would start a second copy next to the one it adopted.
 *
 * <p>RocksDB is safe for concurrent use; this class adds no state of its own beyond handles.
 */
public final class WorkerStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] HIGHEST_TERM = "highest-term".getBytes(StandardCharsets.UTF_8);

  private final DBOptions options;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions sync;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final ColumnFamilyHandle tasks;
  private final ColumnFamilyHandle meta;

  private WorkerStore(Path dir) throws RocksDBException {
    options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    cfOptions = new ColumnFamilyOptions();
    sync = new WriteOptions().setSync(true);
    List<ColumnFamilyDescriptor> cfs = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
        new ColumnFamilyDescriptor("tasks".getBytes(StandardCharsets.UTF_8), cfOptions),
        new ColumnFamilyDescriptor("meta".getBytes(StandardCharsets.UTF_8), cfOptions));
    db = RocksDB.open(options, dir.toString(), cfs, handles);
    tasks = handles.get(1);
    meta = handles.get(2);
  }

  /** Opens (creating if needed) the store in {@code dir}. */
  public static WorkerStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      return new WorkerStore(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("worker store directory " + dir + " cannot be created", e);
    } catch (RocksDBException e) {
      throw new IllegalStateException("worker store " + dir + " cannot be opened: " + e.getMessage(), e);
    }
  }

  /** The highest leader term this worker has accepted, or 0 if none. */
  public long highestTerm() {
    byte[] v = get(meta, HIGHEST_TERM);
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  public void setHighestTerm(long term) {
    put(meta, HIGHEST_TERM, ByteBuffer.allocate(Long.BYTES).putLong(term).array());
  }

  public void putTask(TaskRecord record) {
    put(tasks, key(record.taskId()), Json.bytes(record));
  }

  public void deleteTask(String taskId) {
    try {
      db.delete(tasks, sync, key(taskId));
    } catch (RocksDBException e) {
      throw new IllegalStateException("worker store: cannot delete task " + taskId + ": " + e.getMessage(), e);
    }
  }

  /** Every task record, by task id in key order. */
  public Map<String, TaskRecord> tasks() {
    Map<String, TaskRecord> out = new LinkedHashMap<>();
    try (RocksIterator it = db.newIterator(tasks)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        TaskRecord r = Json.read(it.value(), TaskRecord.class);
        out.put(r.taskId(), r);
      }
    }
    return out;
  }

  private static byte[] key(String taskId) {
    return taskId.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] get(ColumnFamilyHandle cf, byte[] key) {
    try {
      return db.get(cf, key);
    } catch (RocksDBException e) {
      throw new IllegalStateException("worker store: read failed: " + e.getMessage(), e);
    }
  }

  private void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
    try {
      db.put(cf, sync, key, value);
    } catch (RocksDBException e) {
      throw new IllegalStateException("worker store: write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    sync.close();
    cfOptions.close();
    options.close();
  }
}
