package io.orchestrate.localcluster;

import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The addresses and data directories of managers on one machine: ids {@code m1..mN}, each with a
 * free loopback port for Raft, the API and the gateway, and {@code root/ID} for its data. Every way
 * this project starts several managers on loopback (tests, {@code dev}, {@code demo}, the benches)
 * lays them out here, whether it then runs them in this JVM or as child processes.
 *
 * <p>Owned by the thread that builds the cluster; not thread-safe.
 */
public final class LoopbackLayout {
  public static final String LOOPBACK = "127.0.0.1";

  private final Path root;
  private final Map<String, ManagerSlot> slots = new LinkedHashMap<>();

  private LoopbackLayout(Path root) {
    this.root = root;
  }

  /** {@code managers} slots, ids m1..mN, on free loopback ports, with their data under {@code root}. */
  public static LoopbackLayout of(Path root, int managers) {
    if (managers < 1) throw new IllegalArgumentException("a cluster needs at least one manager, got " + managers);
    LoopbackLayout layout = new LoopbackLayout(root);
    for (int i = 1; i <= managers; i++) layout.add("m" + i);
    return layout;
  }

  /** One manager at addresses and a data directory the caller chose (as {@code orchestrate dev} takes them from its flags). */
  public static LoopbackLayout single(Path root, ManagerSlot slot) {
    LoopbackLayout layout = new LoopbackLayout(root);
    layout.slots.put(slot.id(), slot);
    return layout;
  }

  /** Adds a slot on fresh free ports; a slot of that id already laid out is replaced. */
  public ManagerSlot add(String id) {
    ManagerSlot s = new ManagerSlot(id, free(), free(), free(), root.resolve(id));
    slots.put(id, s);
    return s;
  }

  public void remove(String id) {
    slots.remove(id);
  }

  public Path root() {
    return root;
  }

  public ManagerSlot slot(String id) {
    ManagerSlot s = slots.get(id);
    if (s == null) throw new IllegalArgumentException("no manager " + id + " in this layout (have " + slots.keySet() + ")");
    return s;
  }

  public boolean has(String id) {
    return slots.containsKey(id);
  }

  public Collection<ManagerSlot> slots() {
    return List.copyOf(slots.values());
  }

  public List<String> ids() {
    return List.copyOf(slots.keySet());
  }

  /** Every slot's Raft address by id: the initial membership. */
  public Map<String, HostPort> peers() {
    Map<String, HostPort> peers = new LinkedHashMap<>();
    for (ManagerSlot s : slots.values()) peers.put(s.id(), s.raft());
    return peers;
  }

  /** The membership as {@code --peers} takes it: {@code m1=127.0.0.1:P1,m2=...}. */
  public String peersArg() {
    return String.join(",", slots.values().stream().map(s -> s.id() + "=" + s.raft()).toList());
  }

  /** Every API address, in id order: what a client is given as {@code --managers}. */
  public List<String> apis() {
    return slots.values().stream().map(s -> s.api().toString()).toList();
  }

  /** Every gateway address, comma-separated: what a worker is given as {@code --managers}. */
  public String gateways() {
    return String.join(",", slots.values().stream().map(s -> s.gateway().toString()).toList());
  }

  /** A manager's configuration in this layout: the whole layout as its peers, its own addresses and data directory. */
  public ManagerConfig.Builder config(String id) {
    ManagerSlot s = slot(id);
    return ManagerConfig.builder().id(id).dataDir(s.dataDir()).peers(peers()).api(s.api()).gateway(s.gateway());
  }

  /** The same for a manager that joins later ({@code --join}): its peers name only itself. */
  public ManagerConfig.Builder joiningConfig(String id) {
    ManagerSlot s = slot(id);
    return ManagerConfig.builder().id(id).dataDir(s.dataDir()).peers(Map.of(id, s.raft())).api(s.api()).gateway(s.gateway()).join(true);
  }

  private static HostPort free() {
    return new HostPort(LOOPBACK, FreePorts.next());
  }
}
