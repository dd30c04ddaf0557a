package io.orchestrate.worker.gateway;

import io.orchestrate.gateway.protocol.GatewayAddress;
import io.orchestrate.gateway.protocol.GatewayPipeline;
import java.time.Duration;
import java.util.List;

/**
 * How the gateway client connects.
 *
 * @param managers       gateways to try, in order, when no leader hint is at hand
 * @param backoffMin     first reconnect delay (before jitter)
 * @param backoffMax     bound of the reconnect delay
 * @param connectTimeout bound of one TCP connect
 * @param maxFrameBytes  largest frame accepted or sent
 */
public record GatewayClientSettings(
    String nodeId, List<GatewayAddress> managers, Duration backoffMin, Duration backoffMax, Duration connectTimeout, int maxFrameBytes) {

  public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  public GatewayClientSettings {
    if (nodeId == null || nodeId.isBlank()) throw new IllegalArgumentException("worker.id must not be blank");
    if (managers == null || managers.isEmpty()) throw new IllegalArgumentException("worker.managers must list at least one gateway");
    managers = List.copyOf(managers);
    if (backoffMin == null) backoffMin = DEFAULT_BACKOFF_MIN;
    if (backoffMax == null) backoffMax = DEFAULT_BACKOFF_MAX;
    if (connectTimeout == null) connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    if (maxFrameBytes <= 0) maxFrameBytes = GatewayPipeline.DEFAULT_MAX_FRAME_BYTES;
  }
}
