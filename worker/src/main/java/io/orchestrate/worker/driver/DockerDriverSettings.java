package io.orchestrate.worker.driver;

import java.time.Duration;

/**
 * Timeouts of the docker driver, each bounding one kind of engine call so that a hung engine
 * cannot hang a worker thread forever.
 *
 * @param connectTimeout opening a connection to the engine socket
 * @param callTimeout    one engine call (create, start, inspect, stop beyond its grace, logs)
 * @param pullTimeout    pulling an image that is not present locally; on a machine without a
 *                       registry the pull fails fast or hits this bound
 * @param pingTimeout    {@link DockerDriver#available()}: meant to answer "is there an engine?" quickly
 */
public record DockerDriverSettings(
    Duration connectTimeout, Duration callTimeout, Duration pullTimeout, Duration pingTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(2);

  public DockerDriverSettings {
    connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    callTimeout = positive(callTimeout, DEFAULT_CALL_TIMEOUT, "callTimeout");
    pullTimeout = positive(pullTimeout, DEFAULT_PULL_TIMEOUT, "pullTimeout");
    pingTimeout = positive(pingTimeout, DEFAULT_PING_TIMEOUT, "pingTimeout");
  }

  public static DockerDriverSettings defaults() {
    return new DockerDriverSettings(null, null, null, null);
  }

  public DockerDriverSettings withPullTimeout(Duration pull) {
    return new DockerDriverSettings(connectTimeout, callTimeout, pull, pingTimeout);
  }

  private static Duration positive(Duration value, Duration fallback, String field) {
    if (value == null) return fallback;
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("docker." + field + " must be positive, was " + value);
    }
    return value;
  }
}
