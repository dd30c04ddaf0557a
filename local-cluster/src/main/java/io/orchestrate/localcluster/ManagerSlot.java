package io.orchestrate.localcluster;

import io.orchestrate.manager.config.HostPort;
import io.orchestrate.security.TlsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one manager of a loopback cluster listens and keeps its data. Its ports stay its own across
 * restarts, so clients and peers find it again where they left it.
 */
public record ManagerSlot(String id, HostPort raft, HostPort api, HostPort gateway, Path dataDir) {
  /**
   * The {@code orchestrate manager} arguments that start this manager with {@code peers}
   * ({@code id=host:port,...}): with mutual TLS from {@code tls}, or in plain text ({@code --insecure}) if it is null.
   */
  public List<String> managerArgs(String peers, TlsFiles tls) {
    // Every simulated worker of the fleet benchmark (up to 20,000) ends up connected to the leader.
    List<String> args = new ArrayList<>(List.of("manager", "--id", id, "--data-dir", dataDir.toString(), "--peers", peers,
        "--api", api.toString(), "--gateway", gateway.toString(), "--gateway-max-connections", Integer.toString(FLEET_CONNECTIONS)));
    args.addAll(tlsArgs(tls));
    return List.copyOf(args);
  }

  /** {@code --ca/--cert/--key} for {@code tls}, or {@code --insecure} without: what a child manager or worker needs to start. */
  public static List<String> tlsArgs(TlsFiles tls) {
    return tls == null ? List.of("--insecure")
        : List.of("--ca", tls.ca().toString(), "--cert", tls.cert().toString(), "--key", tls.key().toString());
  }

  /** Gateway connections a loopback manager takes: the benchmark's largest fleet, with room for reconnects. */
  static final int FLEET_CONNECTIONS = 25_000;
}
