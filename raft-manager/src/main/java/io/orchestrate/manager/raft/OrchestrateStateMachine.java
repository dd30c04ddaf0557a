package io.orchestrate.manager.raft;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.manager.store.ManagerStore;
import io.orchestrate.manager.store.StoreSwap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state machine: committed commands are applied to RocksDB (one batch per entry,
 * with the applied index) and to the in-memory {@link StateImage}.
 *
 * <p>Threads: {@code applyTransaction}, {@code takeSnapshot} and {@code reinitialize} run on the
 * Ratis state-machine updater thread, the only writer of {@link #store} and {@link #image}.
 * Readers see {@link #image} through a volatile read. Ratis replays from the latest snapshot while
 * RocksDB may already hold later entries; those are skipped by index, which makes replay idempotent.
 */
public final class OrchestrateStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestrateStateMachine.class);

  private final SnapshotStorage storage = new SnapshotStorage();
  private final StateMachineListener listener;
  private volatile ManagerStore store;
  /** Where the live store is and how it is replaced; set in {@link #openStore}, used on the state-machine thread. */
  private StoreSwap swap;
  /**
   * Readers of {@link #store} on other threads (digest, checkpoint for a backup) hold the read lock;
   * replacing or closing the store holds the write lock, so no reader ever touches a closed RocksDB
   * (a native use-after-close crashes the JVM, it does not throw).
   */
  private final java.util.concurrent.locks.ReentrantReadWriteLock storeLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
  private long storeApplied;
  private volatile StateImage image = StateImage.EMPTY;

  /** Callbacks into the manager: leadership and apply progress. Called on Ratis threads; must not block. */
  public interface StateMachineListener {
    default void leaderChanged(RaftPeerId leader) {}

    default void leaderReady() {}

    /**
     * This manager stopped leading. Ratis reports a leader change only once a new leader is
     * known; a leader cut off from its peers steps down and learns of no successor, so this is the
     * only word it gets that it no longer leads.
     */
    default void notLeader() {}

    default void applied(long index, long nanos) {}

    /** This manager's division was removed from the group (after {@code cluster remove-manager}). */
    default void removed() {}

    /**
     * A committed entry could not be applied: a bug, or an entry this build cannot read. Nothing
     * after it is applied; the owner must stop the process loudly (see {@link ApplyFailure}).
     */
    default void applyFailed(ApplyFailure failure) {}
  }

  private final EntryGate gate;
  /** Events derived from each applied entry, for {@code GET /v1/events}; written on the updater thread only. */
  private final io.orchestrate.manager.events.EventLog events;
  private final boolean checkEntries;
  private final java.util.Set<Long> skipEntries;
  private volatile ApplyFailure failure;

  /**
   * @param maxEntryBytes the largest entry the leader lets into the log
   * @param skipEntries   log indexes applied as nothing, by an operator's explicit choice
   * @param checkEntries  false only in tests that must commit an entry apply cannot read
   */
  public OrchestrateStateMachine(StateMachineListener listener, int maxEntryBytes, java.util.Set<Long> skipEntries, boolean checkEntries) {
    this(listener, maxEntryBytes, skipEntries, checkEntries, new io.orchestrate.manager.events.EventLog(io.orchestrate.manager.events.EventLog.DEFAULT_CAPACITY));
  }

  /** @param events where the events of applied entries go (its window starts at this replica's first applied entry) */
  public OrchestrateStateMachine(StateMachineListener listener, int maxEntryBytes, java.util.Set<Long> skipEntries, boolean checkEntries,
      io.orchestrate.manager.events.EventLog events) {
    this.events = events;
    this.listener = listener;
    this.checkEntries = checkEntries;
    this.gate = new EntryGate(maxEntryBytes);
    this.skipEntries = java.util.Set.copyOf(skipEntries);
  }

  /** Why applying stopped, or null while every committed entry has applied. */
  public ApplyFailure failure() {
    return failure;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    getLifeCycle().startAndTransition(this::openStore);
  }

  /**
   * Opens the live store, first resolving what an interrupted restore left (see {@link StoreSwap}).
   * The store and the latest snapshot are compared by the commands they hold: a store that lacks
   * commands the snapshot has (lost, or older after a crash right after a snapshot install) is
   * replaced by the snapshot, never merely labelled with the snapshot's index, which would skip
   * the entries in between. A snapshot whose index is higher only by entries without a command
   * (leader no-ops, configuration) adds nothing: the store stays and takes the snapshot's index.
   */
  private void openStore() throws IOException {
    swap = new StoreSwap(storage.stateMachineDir());
    swap.recover();
    Path db = swap.live();
    Path snap = storage.latestDir();
    TermIndex snapTi = snap == null ? null : storage.getLatestSnapshot().getTermIndex();
    ManagerStore s;
    if (!Files.exists(db.resolve("CURRENT")) && snap != null) {
      LOG.info("no state store at {}: restoring it from snapshot {}", db, snap.getFileName());
      s = swap.replace(snap);
    } else {
      s = ManagerStore.open(db);
      long[] inStore = s.applied();
      long storeIndex = inStore == null ? 0 : inStore[1];
      if (snapTi != null && snapTi.getIndex() > storeIndex) {
        long[] inSnap;
        try {
          inSnap = ManagerStore.peekApplied(snap);
        } catch (IOException e) {
          s.close();
          throw new IOException("the state store is at index " + storeIndex + " and the latest snapshot " + snap
              + " is newer but cannot be read; replace this manager, or move that snapshot directory away to start from the store and what the log still holds", e);
        }
        if (inSnap != null && inSnap[1] > storeIndex) {
          LOG.info("the state store is at index {} but snapshot {} holds index {}: replacing the store with the snapshot",
              storeIndex, snap.getFileName(), inSnap[1]);
          s.close();
          s = swap.replace(snap);
        } else {
          LOG.info("snapshot {} holds no command after the store's index {}: keeping the store", snap.getFileName(), storeIndex);
        }
      }
    }
    store = s;
    long[] applied = s.applied();
    storeApplied = applied == null ? 0 : applied[1];
    image = StateImage.load(s);
    TermIndex ti = applied == null ? null : TermIndex.valueOf(applied[0], applied[1]);
    if (snapTi != null && (ti == null || snapTi.compareTo(ti) > 0)) ti = snapTi;
    if (ti != null) setLastAppliedTermIndex(ti);
    // Events before a restart are not kept: the window starts with the first entry applied now.
    // A new group's log starts at index 0 (the first leader's configuration entry).
    events.reset(ti == null ? 0 : ti.getTerm(), ti == null ? 0 : ti.getIndex() + 1);
    LOG.info("state store opened at {}: {}, {} jobs, {} tasks", s.dir(),
        ti == null ? "nothing applied yet" : "applied up to index " + ti.getIndex() + " (term " + ti.getTerm() + ")",
        image.jobs().size(), image.tasks().size());
  }

  public StateImage image() {
    return image;
  }

  /** The events of the entries this replica applied since it started (or installed a snapshot). */
  public io.orchestrate.manager.events.EventLog events() {
    return events;
  }

  public SnapshotStorage snapshotStorage() {
    return storage;
  }

  /** The digest of the data at the store's current content; see {@link ManagerStore#digest()}. */
  public ManagerStore.Digest digest() {
    storeLock.readLock().lock();
    try {
      ManagerStore s = store;
      if (s == null) throw new IllegalStateException("the state store is closed");
      return s.digest();
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /**
   * A RocksDB property of the live store (see {@link ManagerStore#longProperty}), or empty while
   * the store is being replaced or is closed. For metrics on any thread: it never waits for the
   * store lock (a scrape must not stall behind a snapshot install) and never throws.
   */
  public java.util.OptionalLong storeProperty(String name, boolean perColumnFamily) {
    if (!storeLock.readLock().tryLock()) return java.util.OptionalLong.empty();
    try {
      ManagerStore s = store;
      return s == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(s.longProperty(name, perColumnFamily));
    } catch (RuntimeException e) {
      return java.util.OptionalLong.empty();
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /** Writes a consistent copy of the live database into {@code target} (which must not exist); any thread. */
  public void checkpoint(Path target) throws IOException {
    storeLock.readLock().lock();
    try {
      ManagerStore s = store;
      if (s == null) throw new IOException("the state store is closed");
      s.checkpoint(target);
    } finally {
      storeLock.readLock().unlock();
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /**
   * On the leader, before a client request is appended: the request is read and checked by the
   * {@link EntryGate}, and refused to its sender (never appended) if it fails. The decoded command
   * rides along to {@link #applyTransaction}, so the leader reads each entry once.
   */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) {
    TransactionContext trx = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request).build();
    if (!checkEntries) return trx;
    try {
      trx.setStateMachineContext(gate.admit(request.getMessage().getContent(), image.featureLevel(), this::voters));
    } catch (RefusedEntryException e) {
      LOG.warn("refused a write from client {}: {}", request.getClientId(), e.getMessage());
      trx.setException(e);
    }
    return trx;
  }

  /** The ids of the voting members of the current Raft configuration, as the leader knows it. */
  private java.util.Set<String> voters() {
    try {
      java.util.Set<String> ids = new java.util.TreeSet<>();
      for (org.apache.ratis.protocol.RaftPeer p : getServer().get().getDivision(getGroupId()).getRaftConf().getCurrentPeers()) {
        ids.add(p.getId().toString());
      }
      return ids;
    } catch (IOException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot read the Raft configuration", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the Raft configuration", e);
    }
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    if (failure != null) {
      // Nothing after an entry that failed may apply: the state would skip a decision.
      return CompletableFuture.failedFuture(new IllegalStateException(failure.message()));
    }
    if (index <= storeApplied) {
      // Already in RocksDB from before a restart; the replayed entry must not be applied twice.
      advance(entry.getTerm(), index);
      events.replayed(entry.getTerm(), index);
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    ByteString data = entry.getStateMachineLogEntry().getLogData();
    if (skipEntries.contains(index)) return skip(entry, data);
    long start = System.nanoTime();
    try {
      Command command = trx.getStateMachineContext() instanceof Command c ? c : CommandCodec.decode(data.toByteArray());
      StateImage before = image;
      Applier.Applied applied = Applier.apply(image, command, index);
      store.commit(applied.mutations(), entry.getTerm(), index);
      storeApplied = index;
      image = applied.image();
      advance(entry.getTerm(), index);
      listener.applied(index, System.nanoTime() - start);
      // After the image is published: a reader woken by the event finds the state at least as new.
      events.applied(entry.getTerm(), index, before, applied.image(), applied.mutations());
      return CompletableFuture.completedFuture(encode(applied.result()));
    } catch (RuntimeException | LinkageError | AssertionError e) {
      ApplyFailure f = ApplyFailure.of(entry.getTerm(), index, data, e);
      failure = f;
      LOG.error(f.message(), e);
      listener.applyFailed(f);
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Applies an entry as nothing because the operator named its index with {@code --skip-entry}.
   * Every replica must be given the same index (the runbook says so and compares digests after);
   * the skip is recorded in the store beside the applied index, and logged.
   */
  private CompletableFuture<Message> skip(LogEntryProto entry, ByteString data) {
    long index = entry.getIndex();
    String sha = ApplyFailure.sha256(data);
    LOG.warn("log entry {} (term {}, {} bytes, sha256 {}) skipped as --skip-entry asked; it changes nothing here",
        index, entry.getTerm(), data.size(), sha);
    io.orchestrate.manager.store.Mutations m = new io.orchestrate.manager.store.Mutations();
    m.put(io.orchestrate.manager.store.Cf.META, String.format("skipped/%020d", index),
        ("{\"term\":" + entry.getTerm() + ",\"bytes\":" + data.size() + ",\"sha256\":\"" + sha + "\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    store.commit(m, entry.getTerm(), index);
    storeApplied = index;
    image = image.atIndex(index);
    advance(entry.getTerm(), index);
    events.noCommand(entry.getTerm(), index);
    return CompletableFuture.completedFuture(encode(new CommandResult.Rejected(
        io.orchestrate.core.api.ErrorCode.INTERNAL.wire(), "log entry " + index + " was skipped by the operator")));
  }

  private static Message encode(CommandResult r) {
    return Message.valueOf(ByteString.copyFrom(CommandCodec.encodeResult(r)));
  }

  private void advance(long term, long index) {
    // Past a failed entry nothing advances, not even for entries without a command: a snapshot
    // taken at a later index would let a restart step over the entry that failed.
    if (failure != null) return;
    TermIndex cur = getLastAppliedTermIndex();
    if (cur == null || index > cur.getIndex()) updateLastAppliedTermIndex(term, index);
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    // Configuration and leader no-op entries: they move the applied index but carry no command.
    advance(term, index);
    if (failure == null) events.noCommand(term, index);
  }

  @Override
  public void notifyConfigurationChanged(long term, long index, org.apache.ratis.proto.RaftProtos.RaftConfigurationProto conf) {
    if (failure != null) return;
    java.util.List<String> voters = new java.util.ArrayList<>();
    for (org.apache.ratis.proto.RaftProtos.RaftPeerProto p : conf.getPeersList()) voters.add(p.getId().toStringUtf8());
    java.util.Collections.sort(voters);
    events.configuration(term, index, voters);
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    // Linearizable reads use Ratis only as a barrier: once it calls here, the image is at least as
    // new as the read index, and the caller reads the image itself.
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  @Override
  public long takeSnapshot() throws IOException {
    if (failure != null) {
      LOG.warn("no snapshot while log entry {} cannot be applied", failure.index());
      return -1;
    }
    TermIndex ti = getLastAppliedTermIndex();
    if (ti == null || ti.getIndex() <= 0) return -1;
    Path target = storage.snapshotsDir().resolve(SnapshotStorage.dirName(ti));
    if (!Files.exists(target)) {
      Path tmp = storage.stateMachineDir().resolve("checkpoint-" + UUID.randomUUID());
      store.checkpoint(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("snapshot taken at index {} (term {})", ti.getIndex(), ti.getTerm());
    }
    storage.refresh();
    return ti.getIndex();
  }

  @Override
  public void pause() {
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
      lc.transition(LifeCycle.State.PAUSING);
      lc.transition(LifeCycle.State.PAUSED);
    }
  }

  /**
   * After Ratis installed a snapshot from the leader, the store becomes that snapshot. The new
   * store is copied, opened and loaded beside the old one first; only then, under the write lock,
   * does it become live and the old one close. If anything fails before that, the old store stays
   * open and live (readers never meet a closed RocksDB) and the failure is rethrown: Ratis 3.3's
   * state-machine updater then logs it and closes this server's division rather than retrying, and
   * the next start retries the restore from the installed snapshot through {@link #openStore}.
   */
  @Override
  public void reinitialize() throws IOException {
    storage.refresh();
    Path snap = storage.latestDir();
    getLifeCycle().transition(LifeCycle.State.STARTING);
    if (snap != null) {
      try {
        installStore(snap);
      } catch (IOException | RuntimeException e) {
        getLifeCycle().transition(LifeCycle.State.EXCEPTION);
        LOG.error("cannot restore the state store from installed snapshot {}; the previous store stays open at index {}",
            snap.getFileName(), storeApplied, e);
        throw e;
      }
    }
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  private void installStore(Path snap) throws IOException {
    Path staged = swap.stage(snap);
    ManagerStore fresh = null;
    long[] applied;
    StateImage loaded;
    try {
      fresh = ManagerStore.open(staged);
      applied = fresh.applied();
      loaded = StateImage.load(fresh);
    } catch (IOException | RuntimeException e) {
      if (fresh != null) fresh.close();
      swap.discard(staged);
      throw e;
    }
    ManagerStore old = store;
    IOException commitFailure = null;
    storeLock.writeLock().lock();
    try {
      try {
        swap.commit(staged);
      } catch (IOException e) {
        commitFailure = e;
      }
      // The rename of db.current is the commit point: once it names the new store, that store is
      // live, even if syncing the directory afterwards failed.
      if (swap.isLive(staged)) store = fresh;
    } finally {
      storeLock.writeLock().unlock();
    }
    if (store != fresh) {
      // Not committed: the staged directory is not live and is removed here or at the next start.
      fresh.close();
      throw commitFailure;
    }
    storeApplied = applied == null ? 0 : applied[1];
    image = loaded;
    TermIndex installed = storage.getLatestSnapshot().getTermIndex();
    setLastAppliedTermIndex(installed);
    // The entries the snapshot covers were never applied here: readers behind it must re-list.
    events.reset(installed.getTerm(), installed.getIndex() + 1);
    LOG.info("state restored from installed snapshot {}: {} jobs, store at {}", snap.getFileName(), loaded.jobs().size(), staged);
    Path previous = old.dir();
    old.close();
    try {
      swap.discard(previous);
    } catch (IOException e) {
      LOG.warn("cannot delete the previous state store {}; it is removed at the next start", previous, e);
    }
    if (commitFailure != null) throw commitFailure;
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
    listener.leaderChanged(newLeaderId);
  }

  @Override
  public void notifyGroupRemove() {
    listener.removed();
  }

  @Override
  public void notifyLeaderReady() {
    listener.leaderReady();
  }

  @Override
  public void notifyNotLeader(java.util.Collection<TransactionContext> pendingEntries) {
    listener.notLeader();
  }

  @Override
  public void close() throws IOException {
    super.close();
    storeLock.writeLock().lock();
    try {
      if (store != null) {
        store.close();
        store = null;
      }
    } finally {
      storeLock.writeLock().unlock();
    }
  }
}
