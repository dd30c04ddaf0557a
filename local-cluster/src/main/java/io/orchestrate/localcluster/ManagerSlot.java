package io.orchestrate.localcluster;

import io.orchestrate.manager.config.HostPort;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one manager of a loopback cluster listens and keeps its data. Its ports stay its own across
 * restarts, so clients and peers find it again where they left it.
 */
public record ManagerSlot(String id, HostPort raft, HostPort api, HostPort gateway, Path dataDir) {
  /** The {@code orchestrate manager} arguments that start this manager with {@code peers} ({@code id=host:port,...}). */
  public List<String> managerArgs(String peers) {
    // Every simulated worker of the fleet benchmark (up to 20,000) ends up connected to the leader.
    return List.of("manager", "--id", id, "--data-dir", dataDir.toString(), "--peers", peers,
        "--api", api.toString(), "--gateway", gateway.toString(), "--gateway-max-connections", Integer.toString(FLEET_CONNECTIONS));
  }

  /** Gateway connections a loopback manager takes: the benchmark's largest fleet, with room for reconnects. */
  static final int FLEET_CONNECTIONS = 25_000;
}
