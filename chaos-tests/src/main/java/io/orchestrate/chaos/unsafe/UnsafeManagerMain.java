package io.orchestrate.chaos.unsafe;

import io.orchestrate.manager.Manager;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.config.ManagerConfigFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The broken build's manager: {@code orchestrate manager} with {@link AckBeforeCommit} around its
 * submit step. Takes the same flags ({@code --config}, {@code --id}, {@code --data-dir},
 * {@code --peers}, {@code --api}, {@code --gateway}, {@code --cluster-name}, {@code --join}), as
 * {@code --flag value} or {@code --flag=value}, applies them the same way (file first, flags win),
 * prints the same "manager ID running" line and runs until it is signalled or removed. The chaos
 * image holds this class next to the fat jar; ChaosCluster starts unsafe managers with it.
 */
public final class UnsafeManagerMain {
  private UnsafeManagerMain() {}

  public static void main(String[] args) throws Exception {
    ManagerConfig cfg;
    try {
      cfg = config(args);
    } catch (IllegalArgumentException e) {
      System.err.println("unsafe manager: " + e.getMessage());
      System.exit(2);
      return;
    }
    Manager m = Manager.start(cfg, AckBeforeCommit.hooks());
    int exit = m.serveUntilStopped(() -> {
      System.out.printf("manager %s running: raft %s, api %s (UNSAFE: acknowledges submissions before they commit)%n",
          cfg.id(), cfg.raftAddress(), m.apiAddress());
      System.out.flush();
    }, System.err::println);
    System.exit(exit); // runs the shutdown hook, which closes the manager
  }

  /** The configuration {@code orchestrate manager} would build from these arguments. */
  static ManagerConfig config(String[] args) {
    Path file = null;
    // Flags are collected first and applied after the file, so that they win wherever they stand.
    List<Consumer<ManagerConfig.Builder>> apply = new ArrayList<>();
    for (UnsafeFlags.Flag f : UnsafeFlags.split(args, java.util.Set.of("--join"))) {
      String name = f.name();
      String v = f.value();
      switch (name) {
        case "--join" -> {
          boolean join = Boolean.parseBoolean(v);
          apply.add(x -> x.join(join));
        }
        case "--config" -> file = Path.of(v);
        case "--id" -> apply.add(x -> x.id(v));
        case "--data-dir" -> apply.add(x -> x.dataDir(Path.of(v)));
        case "--peers" -> apply.add(x -> x.peers(ManagerConfig.Builder.parsePeers(v)));
        case "--api" -> apply.add(x -> x.api(HostPort.parse(v, "--api")));
        case "--gateway" -> apply.add(x -> x.gateway(HostPort.parse(v, "--gateway")));
        case "--cluster-name" -> apply.add(x -> x.clusterName(v));
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    ManagerConfig.Builder b = ManagerConfig.builder();
    if (file != null) ManagerConfigFile.apply(file, b);
    apply.forEach(x -> x.accept(b));
    return b.build();
  }
}
