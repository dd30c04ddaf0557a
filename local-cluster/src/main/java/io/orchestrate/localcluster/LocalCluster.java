package io.orchestrate.localcluster;

import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.core.util.FileTrees;
import io.orchestrate.manager.Manager;
import io.orchestrate.manager.config.ManagerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Managers in this JVM on loopback, laid out by a {@link LoopbackLayout}: the one way the tests'
 * harness, {@code orchestrate dev} and the benches start in-process managers. {@link #start}
 * returns once a leader is elected and every manager's addresses are in its state (until then
 * each registration is a write still to come). Managers can be killed, wiped, restarted from their
 * data directory and added in join mode.
 *
 * <p>{@link #kill} stops a manager without any graceful step (no leadership hand-off, no final
 * snapshot); data already written stays as a crash would leave it.
 *
 * <p>Owned by the thread that started it; {@link #close} may also run once from a shutdown hook.
 */
public final class LocalCluster implements AutoCloseable {
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Executor CLOSERS = r -> DaemonThreads.daemon(r, "local-cluster-close").start();

  private final LoopbackLayout layout;
  private final Settings settings;
  private final Map<String, ManagerConfig> configs = new LinkedHashMap<>();
  private final Map<String, Manager> running = new LinkedHashMap<>();
  /** The throwaway CA and certificates of a TLS cluster, or null for plain text. */
  private final LocalPki pki;
  private boolean closed;

  private LocalCluster(LoopbackLayout layout, Settings settings) {
    this.layout = layout;
    this.settings = settings;
    this.pki = settings.tls ? LocalPki.open(layout.root().resolve("pki")) : null;
    for (String id : layout.ids()) configs.put(id, withTls(settings.tune.apply(layout.config(id)), id).build());
  }

  /** The manager's certificate last, so that a TLS cluster's managers always have theirs. */
  private ManagerConfig.Builder withTls(ManagerConfig.Builder b, String id) {
    return pki == null ? b : b.tls(pki.manager(id));
  }

  /** The cluster's CA and certificates when it runs with TLS ({@link Builder#tls}), else null. */
  public LocalPki pki() {
    return pki;
  }

  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** How a cluster is laid out, tuned and waited for. */
  public static final class Builder {
    private final Path root;
    private int managers = 3;
    private LoopbackLayout layout;
    private UnaryOperator<ManagerConfig.Builder> tune = UnaryOperator.identity();
    private Predicate<String> cutOff = id -> false;
    private Duration wait = DEFAULT_WAIT;
    private boolean deleteOnClose;
    private boolean tls;
    private io.orchestrate.manager.ManagerHooks hooks = io.orchestrate.manager.ManagerHooks.NONE;

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** Managers m1..mN on free ports (default 3). */
    public Builder managers(int n) {
      if (n < 1) throw new IllegalArgumentException("managers must be at least 1, got " + n);
      this.managers = n;
      return this;
    }

    /** A layout the caller made (fixed addresses, say) instead of m1..mN on free ports. */
    public Builder layout(LoopbackLayout l) {
      this.layout = l;
      return this;
    }

    /** Applied to every manager's configuration: shorter timeouts for tests, a bench's scheduling interval. */
    public Builder tune(UnaryOperator<ManagerConfig.Builder> t) {
      this.tune = Objects.requireNonNull(t, "tune");
      return this;
    }

    /**
     * Managers that the caller has cut off from their peers: a leader among them may not have
     * noticed yet, so it is not taken for the leader.
     */
    public Builder cutOff(Predicate<String> isCutOff) {
      this.cutOff = Objects.requireNonNull(isCutOff, "cutOff");
      return this;
    }

    /** Bound on each wait (the start, a leader); default 30 s. */
    public Builder wait(Duration d) {
      this.wait = d;
      return this;
    }

    /**
     * Mutual TLS on every manager port, with a throwaway CA and certificates made under {@code
     * root/pki} ({@link LocalCluster#pki()} issues more, for workers and clients). Default: plain text.
     */
    public Builder tls(boolean v) {
      this.tls = v;
      return this;
    }

    /** How every manager works at the first start (a later {@link #restart} names its own); as shipped by default. */
    public Builder hooks(io.orchestrate.manager.ManagerHooks h) {
      this.hooks = Objects.requireNonNull(h, "hooks");
      return this;
    }

    /** Delete the root directory when the cluster closes (a bench's or a demo's scratch space). */
    public Builder deleteOnClose(boolean v) {
      this.deleteOnClose = v;
      return this;
    }

    /**
     * Starts every manager and waits for a leader with every manager's addresses in its state.
     * Another process may take a free port between the check and the bind: then it starts again on
     * fresh ports (under {@code root/attempt-N}), at most three times in all.
     */
    public LocalCluster start() {
      Settings s = new Settings(tune, cutOff, wait, deleteOnClose, tls);
      for (int attempt = 1; ; attempt++) {
        LoopbackLayout l = layout != null ? layout : LoopbackLayout.of(attempt == 1 ? root : root.resolve("attempt-" + attempt), managers);
        LocalCluster c = new LocalCluster(l, s);
        try {
          for (String id : l.ids()) c.restart(id, UnaryOperator.identity(), hooks);
          c.awaitRegistered();
          return c;
        } catch (RuntimeException e) {
          c.closeQuietly(e);
          if (layout == null && attempt < 3 && hasCause(e, BindException.class)) continue;
          throw e;
        }
      }
    }
  }

  private record Settings(UnaryOperator<ManagerConfig.Builder> tune, Predicate<String> cutOff, Duration timeout, boolean deleteOnClose,
      boolean tls) {}

  public LoopbackLayout layout() {
    return layout;
  }

  public Path root() {
    return layout.root();
  }

  /** Every manager laid out, running or not, in id order. */
  public List<String> ids() {
    return List.copyOf(configs.keySet());
  }

  public Set<String> runningIds() {
    return Set.copyOf(running.keySet());
  }

  public boolean isRunning(String id) {
    return running.containsKey(id);
  }

  public Manager manager(String id) {
    Manager m = running.get(id);
    if (m == null) throw new IllegalStateException("manager " + id + " is not running");
    return m;
  }

  public List<Manager> managers() {
    return List.copyOf(running.values());
  }

  public ManagerConfig config(String id) {
    ManagerConfig c = configs.get(id);
    if (c == null) throw new IllegalArgumentException("no manager " + id + " in this cluster");
    return c;
  }

  /** A manager's API address, running or not (it keeps its port across restarts). */
  public String api(String id) {
    return config(id).api().toString();
  }

  /** Every manager's API address, in id order: what a client is given as {@code --managers}. */
  public List<String> apis() {
    return configs.values().stream().map(c -> c.api().toString()).toList();
  }

  /** Every manager's gateway address, comma-separated: what a worker is given as {@code --managers}. */
  public String gateways() {
    return String.join(",", configs.values().stream().map(c -> c.gateway().toString()).toList());
  }

  public Path dataDir(String id) {
    return config(id).dataDir();
  }

  /** A manager's Raft address, as {@code cluster add-manager --raft} takes it. */
  public String raftAddress(String id) {
    return config(id).raftAddress().toString();
  }

  /** The id of the manager whose API answers at {@code hostPort}, or null. */
  public String idAt(String hostPort) {
    for (Map.Entry<String, ManagerConfig> e : configs.entrySet()) {
      if (e.getValue().api().toString().equals(hostPort)) return e.getKey();
    }
    return null;
  }

  /** Starts (or restarts from its data directory) one manager. */
  public Manager restart(String id) {
    return restart(id, java.util.function.UnaryOperator.identity(), io.orchestrate.manager.ManagerHooks.NONE);
  }

  /**
   * Starts (or restarts) one manager with its configuration changed by {@code change} for this
   * start only (as an operator adds a flag once) and with {@code hooks}.
   */
  public Manager restart(String id, java.util.function.UnaryOperator<ManagerConfig.Builder> change, io.orchestrate.manager.ManagerHooks hooks) {
    if (running.containsKey(id)) throw new IllegalStateException("manager " + id + " is already running");
    try {
      Manager m = Manager.start(change.apply(config(id).toBuilder()).build(), hooks);
      running.put(id, m);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops a manager abruptly; its data directory stays for {@link #restart}. */
  public void kill(String id) {
    Manager m = running.remove(id);
    if (m == null) throw new IllegalStateException("manager " + id + " is not running");
    closeManager(m);
  }

  private static void closeManager(Manager m) {
    try {
      m.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a stopped manager's data directory, as if its disk were lost. */
  public void wipe(String id) {
    if (running.containsKey(id)) throw new IllegalStateException("kill " + id + " before wiping it");
    try {
      FileTrees.deleteRecursively(dataDir(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a new manager in join mode ({@code --join}: its peers name only itself), holding no
   * membership until {@code cluster add-manager} adds it. A directory left by an earlier manager of
   * that id is wiped first, as on a replaced host.
   */
  public Manager startJoining(String id) {
    if (running.containsKey(id)) throw new IllegalStateException("manager " + id + " is already running");
    layout.add(id);
    configs.put(id, withTls(settings.tune.apply(layout.joiningConfig(id)), id).build());
    wipe(id);
    return restart(id);
  }

  /** Stops (if running) and forgets a manager removed from the cluster, so it is no longer listed. */
  public void forget(String id) {
    if (running.containsKey(id)) kill(id);
    configs.remove(id);
    layout.remove(id);
  }

  /** The running manager that leads with its API address published, or null if none does just now. */
  public Manager currentLeader() {
    for (Manager m : running.values()) {
      if (settings.cutOff.test(m.id())) continue;
      try {
        if (m.leadership().isLeader() && m.raft().division().getInfo().isLeaderReady()
            && m.stateMachine().image().managers().containsKey(m.id())) {
          return m;
        }
      } catch (IOException | RuntimeException e) {
        // still starting, or stopping: not the leader
      }
    }
    return null;
  }

  /** Waits (up to the cluster's bound) for a leader with its API address published, and returns it. */
  public Manager leader() {
    return Waits.until("a leader with its address published", settings.timeout, POLL, this::currentLeader);
  }

  /**
   * Waits for a leader that has every running manager's record in its state as that manager
   * publishes it at the leader's feature level (a new cluster's first leader has set that level
   * first), and each manager to know it registered.
   */
  public void awaitRegistered() {
    Waits.until("a leader with every manager's addresses in its state", settings.timeout, POLL, () -> {
      Manager leader = currentLeader();
      if (leader == null || leader.settingInitialFeatureLevel()) return null;
      var image = leader.stateMachine().image();
      return running.values().stream().allMatch(m -> m.registered() && m.registeredIn(image)) ? leader : null;
    });
  }

  /** Stops every running manager (first failure thrown, the rest suppressed) and deletes the root if asked to. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    RuntimeException failure = null;
    // All at once: closed one by one, the survivors spend the wait failing to reach the closed ones.
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Manager m : running.values()) closing.add(CompletableFuture.runAsync(() -> closeManager(m), CLOSERS));
    running.clear();
    for (CompletableFuture<Void> c : closing) {
      try {
        c.join();
      } catch (CompletionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
        if (failure == null) failure = cause;
        else failure.addSuppressed(cause);
      }
    }
    if (settings.deleteOnClose) {
      try {
        FileTrees.deleteRecursively(layout.root());
      } catch (IOException e) {
        if (failure == null) failure = new UncheckedIOException(e);
        else failure.addSuppressed(e);
      }
    }
    if (failure != null) throw failure;
  }

  private void closeQuietly(Throwable cause) {
    try {
      close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) return true;
    }
    return false;
  }
}
