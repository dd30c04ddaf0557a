package io.orchestrate.chaos.unsafe;

import io.orchestrate.manager.Manager;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.config.ManagerConfigFile;
import io.orchestrate.security.PlainTextWarning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The broken build's manager: {@code orchestrate manager} with {@link AckBeforeCommit} around its
 * submit step. Takes the same flags ({@code --config}, {@code --id}, {@code --data-dir},
 * {@code --peers}, {@code --api}, {@code --gateway}, {@code --cluster-name}, {@code --join},
 * {@code --ca/--cert/--key}, {@code --insecure}), as {@code --flag value} or {@code --flag=value},
 * applies them the same way (file first, flags win; no TLS options without --insecure is refused),
 * prints the same "manager ID running" line and runs until it is signalled or removed. The chaos
 * image holds this class next to the fat jar; ChaosCluster starts unsafe managers with it.
 */
public final class UnsafeManagerMain {
  private UnsafeManagerMain() {}

  public static void main(String[] args) throws Exception {
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("unsafe manager: " + e.getMessage());
      System.exit(2);
      return;
    }
    ManagerConfig cfg = parsed.config();
    Manager m = Manager.start(cfg, AckBeforeCommit.hooks());
    // Never closed: the process ends with the manager.
    if (parsed.insecure()) PlainTextWarning.start("unsafe manager " + cfg.id(), PlainTextWarning.MANAGER_EXPOSURE);
    int exit = m.serveUntilStopped(() -> {
      System.out.printf("manager %s running: raft %s, api %s (UNSAFE: acknowledges submissions before they commit)%n",
          cfg.id(), cfg.raftAddress(), m.apiAddress());
      System.out.flush();
    }, System.err::println);
    System.exit(exit); // runs the shutdown hook, which closes the manager
  }

  /** The configuration, and whether it runs in plain text (asked for with --insecure or config key insecure). */
  record Parsed(ManagerConfig config, boolean insecure) {}

  /** The configuration {@code orchestrate manager} would build from these arguments. */
  static ManagerConfig config(String[] args) {
    return parse(args).config();
  }

  /** As {@code orchestrate manager} reads these arguments, refusing what it refuses (plain text not asked for). */
  static Parsed parse(String[] args) {
    Path file = null;
    boolean insecure = false;
    Boolean acl = null;
    // Flags are collected first and applied after the file, so that they win wherever they stand.
    List<Consumer<ManagerConfig.Builder>> apply = new ArrayList<>();
    for (UnsafeFlags.Flag f : UnsafeFlags.split(args, java.util.Set.of("--join", "--insecure", "--acl", "--no-acl"))) {
      String name = f.name();
      String v = f.value();
      switch (name) {
        case "--join" -> {
          boolean join = Boolean.parseBoolean(v);
          apply.add(x -> x.join(join));
        }
        case "--insecure" -> insecure = Boolean.parseBoolean(v);
        case "--acl" -> acl = Boolean.parseBoolean(v);
        case "--no-acl" -> acl = !Boolean.parseBoolean(v);
        case "--ca" -> apply.add(x -> x.tlsCa(Path.of(v)));
        case "--cert" -> apply.add(x -> x.tlsCert(Path.of(v)));
        case "--key" -> apply.add(x -> x.tlsKey(Path.of(v)));
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
    if (acl != null) b.acl(acl);
    ManagerConfig c = b.build();
    if (file != null && Boolean.TRUE.equals(ManagerConfigFile.flag(file, "insecure"))) insecure = true;
    if (insecure && c.tls() != null) throw new IllegalArgumentException(PlainTextWarning.contradiction("manager " + c.id()));
    if (!insecure && c.tls() == null) throw new IllegalArgumentException(PlainTextWarning.refusal("manager " + c.id()));
    // As orchestrate manager: with TLS, tokens are required unless the flags or the file say otherwise.
    Boolean aclAsked = acl != null ? acl : file != null ? ManagerConfigFile.flag(file, "acl") : null;
    if (aclAsked == null && c.tls() != null) c = c.toBuilder().acl(true).build();
    return new Parsed(c, insecure);
  }
}
