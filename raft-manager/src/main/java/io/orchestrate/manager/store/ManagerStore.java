package io.orchestrate.manager.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The manager's durable state: one RocksDB with a column family per area. Every log entry is
 * written as one {@link WriteBatch} that includes the applied (term, index) in {@code meta}, so the
 * data and the index that produced it can never disagree after a crash. The RocksDB WAL stays on;
 * it is not synced per write because the Raft log is the durable record and replays what is lost.
 *
 * <p>Its memory is bounded: RocksDB's defaults give each of the nine column families 64 MiB
 * memtables, and a busy manager held 97 MiB of them after 100,000 one-task jobs, none flushed. The
 * manager serves every read from its in-memory image, so RocksDB is read only to open, snapshot and
 * digest: one shared {@link #CACHE_BYTES} cache is enough, and the memtables are charged to it
 * (a {@link WriteBufferManager}), which flushes the largest once they pass {@link #MEMTABLE_BYTES}.
 *
 * <p>Written only by the state machine's apply thread; readers (digest, checkpoint) take RocksDB
 * snapshots or run on that same thread.
 */
public final class ManagerStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] APPLIED = "applied".getBytes(StandardCharsets.UTF_8);
  /** Block cache and memtables together. */
  static final long CACHE_BYTES = 64L << 20;
  /** The memtables' share of {@link #CACHE_BYTES}; past it the largest is flushed. */
  static final long MEMTABLE_BYTES = 32L << 20;
  /** One column family's memtable; a quarter of the budget, so a flush frees a useful part of it. */
  static final long WRITE_BUFFER_BYTES = 8L << 20;

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final Cache cache;
  private final WriteBufferManager writeBuffers;
  private final RocksDB db;
  private final Map<Cf, ColumnFamilyHandle> handles = new EnumMap<>(Cf.class);
  private final List<ColumnFamilyHandle> allHandles = new ArrayList<>();
  private final WriteOptions writeOptions = new WriteOptions();

  private ManagerStore(Path dir) throws RocksDBException, IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    this.cache = new LRUCache(CACHE_BYTES);
    this.writeBuffers = new WriteBufferManager(MEMTABLE_BYTES, cache);
    this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true).setWriteBufferManager(writeBuffers);
    this.cfOptions = new ColumnFamilyOptions().setWriteBufferSize(WRITE_BUFFER_BYTES)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Cf cf : Cf.values()) descriptors.add(new ColumnFamilyDescriptor(cf.rocksName(), cfOptions));
    this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, allHandles);
    for (int i = 0; i < Cf.values().length; i++) handles.put(Cf.values()[i], allHandles.get(i + 1));
  }

  public static ManagerStore open(Path dir) throws IOException {
    try {
      return new ManagerStore(dir);
    } catch (RocksDBException e) {
      throw new IOException("cannot open the state store at " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The (term, index) a checkpoint directory's data was written at, or null for an empty one,
   * read without changing the directory: a read-only open writes no lock, log or manifest file,
   * which matters for a snapshot directory that Ratis may ship to other managers as it is.
   */
  public static long[] peekApplied(Path checkpointDir) throws IOException {
    List<ColumnFamilyHandle> hs = new ArrayList<>();
    try (DBOptions o = new DBOptions(); ColumnFamilyOptions cfo = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> ds = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfo),
          new ColumnFamilyDescriptor(Cf.META.rocksName(), cfo));
      RocksDB ro = RocksDB.openReadOnly(o, checkpointDir.toString(), ds, hs);
      try {
        byte[] v = ro.get(hs.get(1), APPLIED);
        if (v == null) return null;
        ByteBuffer b = ByteBuffer.wrap(v);
        return new long[] {b.getLong(), b.getLong()};
      } finally {
        // Column family handles go before the database, as RocksDB requires.
        for (ColumnFamilyHandle h : hs) h.close();
        ro.close();
      }
    } catch (RocksDBException e) {
      throw new IOException("cannot read the snapshot at " + checkpointDir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The (term, index) of the last log entry written, or null for an empty store. */
  public long[] applied() {
    try {
      byte[] v = db.get(handles.get(Cf.META), APPLIED);
      if (v == null) return null;
      ByteBuffer b = ByteBuffer.wrap(v);
      return new long[] {b.getLong(), b.getLong()};
    } catch (RocksDBException e) {
      throw new StoreException("cannot read the applied index", e);
    }
  }

  /** Writes one log entry's mutations and its (term, index) atomically. */
  public void commit(Mutations m, long term, long index) {
    try (WriteBatch batch = new WriteBatch()) {
      for (Mutations.Write w : m.writes()) {
        ColumnFamilyHandle h = handles.get(w.cf());
        if (w.value() == null) batch.delete(h, w.key());
        else batch.put(h, w.key(), w.value());
      }
      batch.put(handles.get(Cf.META), APPLIED, ByteBuffer.allocate(16).putLong(term).putLong(index).array());
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new StoreException("cannot write log entry " + index, e);
    }
  }

  /** Visits every (key, value) of one column family in key order. */
  public void forEach(Cf cf, BiConsumer<String, byte[]> visitor) {
    try (RocksIterator it = db.newIterator(handles.get(cf))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        visitor.accept(new String(it.key(), StandardCharsets.UTF_8), it.value());
      }
    }
  }

  /**
   * A RocksDB integer property ({@code rocksdb.total-sst-files-size}, say): summed over every
   * column family when {@code perColumnFamily} (sizes are kept per family), else read once (the
   * write controller's stall figures are the database's). Reads in-memory statistics only.
   */
  public long longProperty(String name, boolean perColumnFamily) {
    try {
      if (!perColumnFamily) return db.getLongProperty(name);
      long sum = 0;
      for (ColumnFamilyHandle h : allHandles) sum += db.getLongProperty(h, name);
      return sum;
    } catch (RocksDBException e) {
      throw new StoreException("cannot read " + name, e);
    }
  }

  /** A digest of the data and the log index it reflects, read from one RocksDB snapshot. */
  public record Digest(long index, String sha256) {}

  /** SHA-256 over every data column family, read from one consistent RocksDB snapshot. */
  public Digest digest() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Snapshot snap = db.getSnapshot();
    long index;
    try (ReadOptions ro = new ReadOptions().setSnapshot(snap)) {
      byte[] applied = db.get(handles.get(Cf.META), ro, APPLIED);
      index = applied == null ? 0 : ByteBuffer.wrap(applied).getLong(8);
      for (Cf cf : Cf.data()) {
        try (RocksIterator it = db.newIterator(handles.get(cf), ro)) {
          it.seekToFirst();
          if (cf.digestedWhenEmpty() || it.isValid()) md.update(cf.rocksName());
          for (; it.isValid(); it.next()) {
            byte[] k = it.key();
            byte[] v = it.value();
            md.update(ByteBuffer.allocate(4).putInt(k.length).array());
            md.update(k);
            md.update(ByteBuffer.allocate(4).putInt(v.length).array());
            md.update(v);
          }
        }
      }
    } catch (RocksDBException e) {
      throw new StoreException("cannot compute the digest", e);
    } finally {
      db.releaseSnapshot(snap);
    }
    return new Digest(index, HexFormat.of().formatHex(md.digest()));
  }

  /** Writes a consistent copy of the database into {@code target}, which must not exist yet. */
  public void checkpoint(Path target) throws IOException {
    try (Checkpoint cp = Checkpoint.create(db)) {
      cp.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new IOException("cannot checkpoint the state store into " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle h : allHandles) h.close();
    try {
      db.closeE();
    } catch (RocksDBException e) {
      throw new StoreException("cannot close the state store", e);
    } finally {
      writeOptions.close();
      dbOptions.close();
      cfOptions.close();
      writeBuffers.close();
      cache.close();
    }
  }

  /** A RocksDB failure. Inside apply it is fatal for the replica, as it must be. */
  public static final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
      super(message + ": " + cause.getMessage(), cause);
    }
  }
}
