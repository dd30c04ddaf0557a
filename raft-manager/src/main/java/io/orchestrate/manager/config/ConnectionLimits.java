package io.orchestrate.manager.config;

import io.orchestrate.core.util.DurationText;
import java.time.Duration;

/**
 * What one client of the HTTP API or one peer of the worker gateway may hold: time to send a
 * request or a frame, time to sit idle, and how many connections there may be. Each limit has a
 * flag on {@code orchestrate manager} and a key in its config file; errors name both.
 *
 * <p>Memory held by strangers is bounded by these together with the size limits: at most
 * {@code httpMaxConnections} × the API's body limit (1 MiB) in request bodies being read, and at
 * most {@code gatewayMaxConnections} × the gateway's frame limit (16 MiB) in unfinished frames.
 * Netty grows a connection's buffer as bytes arrive, so holding that much also takes sending it
 * within the body or frame timeout.
 *
 * @param httpHeaderTimeout      a request's line and headers must arrive within this, from its first byte
 * @param httpBodyTimeout        a request's body must arrive within this, from the end of its headers
 * @param httpIdleTimeout        a keep-alive connection with no request under way and none unanswered is closed after this
 * @param httpMaxConnections     open API connections; one more is answered 503 and closed
 * @param gatewayFrameTimeout    a gateway frame must arrive whole within this, from its first byte
 * @param gatewayRegisterTimeout a gateway connection that has not registered within this is closed
 * @param gatewayMaxConnections  open gateway connections; one more is closed at once
 */
public record ConnectionLimits(
    Duration httpHeaderTimeout,
    Duration httpBodyTimeout,
    Duration httpIdleTimeout,
    int httpMaxConnections,
    Duration gatewayFrameTimeout,
    Duration gatewayRegisterTimeout,
    int gatewayMaxConnections) {

  public static final ConnectionLimits DEFAULTS = new ConnectionLimits(
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1024,
      Duration.ofSeconds(10), Duration.ofSeconds(10), 4096);

  /** More connections than this would exhaust a default file-descriptor limit long before; a larger number is a typo. */
  static final int MAX_CONNECTIONS = 1_000_000;

  public ConnectionLimits {
    positive(httpHeaderTimeout, "--http-header-timeout (httpHeaderTimeout)");
    positive(httpBodyTimeout, "--http-body-timeout (httpBodyTimeout)");
    positive(httpIdleTimeout, "--http-idle-timeout (httpIdleTimeout)");
    count(httpMaxConnections, "--http-max-connections (httpMaxConnections)");
    positive(gatewayFrameTimeout, "--gateway-frame-timeout (gatewayFrameTimeout)");
    positive(gatewayRegisterTimeout, "--gateway-register-timeout (gatewayRegisterTimeout)");
    count(gatewayMaxConnections, "--gateway-max-connections (gatewayMaxConnections)");
  }

  public ConnectionLimits withHttpHeaderTimeout(Duration v) {
    return new ConnectionLimits(v, httpBodyTimeout, httpIdleTimeout, httpMaxConnections, gatewayFrameTimeout, gatewayRegisterTimeout, gatewayMaxConnections);
  }

  public ConnectionLimits withHttpBodyTimeout(Duration v) {
    return new ConnectionLimits(httpHeaderTimeout, v, httpIdleTimeout, httpMaxConnections, gatewayFrameTimeout, gatewayRegisterTimeout, gatewayMaxConnections);
  }

  public ConnectionLimits withHttpIdleTimeout(Duration v) {
    return new ConnectionLimits(httpHeaderTimeout, httpBodyTimeout, v, httpMaxConnections, gatewayFrameTimeout, gatewayRegisterTimeout, gatewayMaxConnections);
  }

  public ConnectionLimits withHttpMaxConnections(int v) {
    return new ConnectionLimits(httpHeaderTimeout, httpBodyTimeout, httpIdleTimeout, v, gatewayFrameTimeout, gatewayRegisterTimeout, gatewayMaxConnections);
  }

  public ConnectionLimits withGatewayFrameTimeout(Duration v) {
    return new ConnectionLimits(httpHeaderTimeout, httpBodyTimeout, httpIdleTimeout, httpMaxConnections, v, gatewayRegisterTimeout, gatewayMaxConnections);
  }

  public ConnectionLimits withGatewayRegisterTimeout(Duration v) {
    return new ConnectionLimits(httpHeaderTimeout, httpBodyTimeout, httpIdleTimeout, httpMaxConnections, gatewayFrameTimeout, v, gatewayMaxConnections);
  }

  public ConnectionLimits withGatewayMaxConnections(int v) {
    return new ConnectionLimits(httpHeaderTimeout, httpBodyTimeout, httpIdleTimeout, httpMaxConnections, gatewayFrameTimeout, gatewayRegisterTimeout, v);
  }

  /** The most bytes the given per-connection limit lets all connections hold together. */
  public static long worstCaseBytes(int maxConnections, long perConnectionBytes) {
    return maxConnections * perConnectionBytes;
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be more than zero (got " + (d == null ? "nothing" : DurationText.format(d)) + ")");
    }
  }

  private static void count(int n, String name) {
    if (n < 1 || n > MAX_CONNECTIONS) {
      throw new IllegalArgumentException(name + " must be between 1 and " + MAX_CONNECTIONS + " (got " + n + ")");
    }
  }
}
