package io.orchestrate.cli.bench;

import io.orchestrate.manager.Manager;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Managers started in this process on loopback, with their data in a fresh temporary directory,
 * for {@code bench submit --local N}. {@link #close} stops them and deletes the directory. Ports
 * are picked free just before start; Raft ports must be known to every peer up front, API ports are
 * bound by each manager itself.
 *
 * <p>Owned by the thread that started it; {@link #close} may also run from a shutdown hook, once.
 */
public final class LocalCluster implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";

  private final Path root;
  private final List<Manager> managers = new ArrayList<>();
  private boolean closed;

  private LocalCluster(Path root) {
    this.root = root;
  }

  /** Starts {@code n} managers with ids m1..mN. Returns once every API is bound; the leader is elected in the background. */
  public static LocalCluster start(int n) throws IOException {
    LocalCluster c = new LocalCluster(Files.createTempDirectory("orchestrate-bench-"));
    try {
      Map<String, HostPort> peers = new LinkedHashMap<>();
      for (int i = 1; i <= n; i++) peers.put("m" + i, new HostPort(LOOPBACK, freePort()));
      for (String id : peers.keySet()) {
        ManagerConfig cfg = ManagerConfig.builder()
            .id(id)
            .dataDir(c.root.resolve(id))
            .peers(peers)
            .api(new HostPort(LOOPBACK, 0))
            .gateway(new HostPort(LOOPBACK, 0))
            .build();
        c.managers.add(Manager.start(cfg));
      }
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  public Path root() {
    return root;
  }

  /** Every manager's API address, {@code host:port}. */
  public List<String> apis() {
    return managers.stream().map(m -> m.apiAddress().toString()).toList();
  }

  /** The id of the manager whose API is at {@code hostPort}, or null. */
  public String idAt(String hostPort) {
    for (Manager m : managers) {
      if (m.apiAddress().toString().equals(hostPort)) return m.id();
    }
    return null;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    closed = true;
    IOException first = null;
    for (Manager m : managers) {
      try {
        m.close();
      } catch (IOException | RuntimeException e) {
        if (first == null) first = e instanceof IOException io ? io : new IOException(e);
      }
    }
    deleteRecursively(root);
    if (first != null) throw first;
  }

  private static int freePort() {
    return io.orchestrate.manager.config.FreePorts.next();
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
