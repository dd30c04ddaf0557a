package io.orchestrate.core.spec;

import java.util.List;

/**
 * The network a task's container joins, as a job file names it ({@code network:}). Absent means
 * {@link #BRIDGE}, the engine's default bridge with an address of its own.
 *
 * <ul>
 *   <li>{@link #BRIDGE}: its own network namespace on the engine's bridge; health checks reach it at
 *       its bridge address.
 *   <li>{@link #HOST}: the worker host's network stack (no namespace, no address of its own); ports
 *       it listens on are the host's, so two such tasks on one node must not use the same port.
 *       Health checks reach it on the worker's loopback.
 *   <li>{@link #NONE}: a namespace with loopback only; no health check that needs the network.
 * </ul>
 *
 * <p>Starting a container on the host network skips creating its namespace and bridge interface,
 * which is about half of what an engine does per start.
 */
public final class NetworkMode {
  public static final String BRIDGE = "bridge";
  public static final String HOST = "host";
  public static final String NONE = "none";
  public static final List<String> ALL = List.of(BRIDGE, HOST, NONE);

  private NetworkMode() {}

  /** The mode a spec's value means: absent is {@link #BRIDGE}. */
  public static String effective(String network) {
    return network == null ? BRIDGE : network;
  }
}
