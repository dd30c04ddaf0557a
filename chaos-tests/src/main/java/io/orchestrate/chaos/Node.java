package io.orchestrate.chaos;

import org.testcontainers.containers.GenericContainer;

/**
 * One manager or worker container. Its address is fixed (a static IP on the suite's network), so
 * a killed and restarted node comes back where every peer, worker and client expects it.
 */
public record Node(String id, boolean manager, String ip, GenericContainer<?> container) {
  public static final int RAFT_PORT = 7000;
  public static final int API_PORT = 8080;
  public static final int GATEWAY_PORT = 7070;
  /** A worker's metrics endpoint, which also serves its copy journal at {@code /v1/copies}. */
  public static final int METRICS_PORT = 7071;

  /** Where a worker's metrics endpoint answers: plain HTTP, as the worker serves it (read-only, no TLS options of its own). */
  public String metricsBase() {
    return "http://" + ip + ":" + METRICS_PORT;
  }

  /** The manager's API: HTTPS, the address its certificate names. */
  public String apiBase() {
    return "https://" + ip + ":" + API_PORT;
  }

  @Override
  public String toString() {
    return id + "@" + ip;
  }

  public String containerId() {
    return container.getContainerId();
  }
}
