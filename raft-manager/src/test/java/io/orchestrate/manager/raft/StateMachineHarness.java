package io.orchestrate.manager.raft;

import io.orchestrate.core.codec.Json;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobStatus;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.store.Cf;
import io.orchestrate.manager.store.ManagerStore;
import io.orchestrate.manager.store.Mutations;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;

/**
 * One manager's state machine on a real Raft storage directory, without a Raft server: start it,
 * stop it as a process would (or drop it as a crash would), and start a new one on the same files.
 */
public final class StateMachineHarness implements AutoCloseable {
  private final Path dir;
  private RaftStorage raftStorage;
  private OrchestrateStateMachine sm;

  /** A freshly formatted Raft storage at {@code dir}. */
  public StateMachineHarness(Path dir) throws IOException {
    this(dir, true);
  }

  private StateMachineHarness(Path dir, boolean format) throws IOException {
    this.dir = dir;
    if (format) {
      Files.createDirectories(dir);
      build(RaftStorage.StartupOption.FORMAT).close();
    }
  }

  /** The Raft storage already at {@code dir} (a group directory), as another tool left it. */
  public static StateMachineHarness existing(Path dir) throws IOException {
    return new StateMachineHarness(dir, false);
  }

  private RaftStorage build(RaftStorage.StartupOption option) throws IOException {
    RaftStorage s = RaftStorage.newBuilder().setDirectory(dir.toFile()).setOption(option)
        .setStorageFreeSpaceMin(RaftServerConfigKeys.STORAGE_FREE_SPACE_MIN_DEFAULT).build();
    s.initialize();
    return s;
  }

  /** The state machine directory: the live store, db.current and snapshots/ are here. */
  public Path smDir() {
    return dir.resolve("sm");
  }

  public Path snapshotsDir() {
    return smDir().resolve("snapshots");
  }

  /** Starts a state machine on the files as they are, as a new process would. */
  public OrchestrateStateMachine start() throws IOException {
    raftStorage = build(RaftStorage.StartupOption.RECOVER);
    sm = new OrchestrateStateMachine(new OrchestrateStateMachine.StateMachineListener() {},
        io.orchestrate.manager.config.EntryLimits.DEFAULT_MAX_ENTRY_BYTES, java.util.Set.of(), true);
    sm.initialize(server(), RaftNode.groupId("test"), raftStorage);
    return sm;
  }

  /** The state machine only asks its server for an id (to name itself in logs); nothing else is reached. */
  private static RaftServer server() {
    RaftPeerId id = RaftPeerId.valueOf("m1");
    return (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class}, (proxy, method, args) -> {
      if (method.getName().equals("getId")) return id;
      if (method.getName().equals("toString")) return "test-server";
      throw new UnsupportedOperationException(method.getName());
    });
  }

  public OrchestrateStateMachine sm() {
    return sm;
  }

  /** Stops the running state machine, if any. */
  @Override
  public void close() throws IOException {
    if (sm != null) sm.close();
    if (raftStorage != null) raftStorage.close();
    sm = null;
    raftStorage = null;
  }

  /** Writes {@code jobIds} (one job each) at (term, index) into the store at {@code db}, creating it if needed. */
  public static void writeJobs(Path db, long term, long index, String... jobIds) {
    try (ManagerStore s = ManagerStore.open(db)) {
      Mutations m = new Mutations();
      for (String id : jobIds) m.put(Cf.JOBS, id, Json.bytes(job(id)));
      s.commit(m, term, index);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A checkpoint of a store holding {@code jobIds} at (term, index), as snapshot {@code snapshot.<snapTerm>_<snapIndex>}; returns its digest. */
  public ManagerStore.Digest snapshot(long snapTerm, long snapIndex, long term, long index, String... jobIds) throws IOException {
    Path src = dir.resolveSibling(dir.getFileName() + "-src-" + System.nanoTime());
    writeJobs(src, term, index, jobIds);
    Files.createDirectories(snapshotsDir());
    try (ManagerStore s = ManagerStore.open(src)) {
      s.checkpoint(snapshotsDir().resolve("snapshot." + snapTerm + "_" + snapIndex));
      return s.digest();
    }
  }

  public static ManagerStore.Digest digestOf(Path db) throws IOException {
    try (ManagerStore s = ManagerStore.open(db)) {
      return s.digest();
    }
  }

  public static Job job(String id) {
    TaskSpec g = new TaskSpec("app", "local/busybox:1", null, Map.of(), 1, null, null, null, null, null);
    return new Job(id, id, new JobSpec(id, List.of(g)), JobStatus.RUNNING, 1_700_000_000_000L, 0, null, 1);
  }

  /** The names in the state machine directory, to assert what a recovery left. */
  public TreeSet<String> smEntries() throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (var s = Files.list(smDir())) {
      s.forEach(p -> out.add(p.getFileName().toString()));
    }
    return out;
  }
}
