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
    return List.of("manager", "--id", id, "--data-dir", dataDir.toString(), "--peers", peers,
        "--api", api.toString(), "--gateway", gateway.toString());
  }
}
