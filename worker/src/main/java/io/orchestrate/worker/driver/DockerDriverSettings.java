package io.orchestrate.worker.driver;

import java.time.Duration;

/**
 * Timeouts of the docker driver, each bounding one kind of engine call so that a hung engine
 * cannot hang a worker thread forever, and the limit on processes every container gets.
 *
 * @param connectTimeout opening a connection to the engine socket
 * @param callTimeout    one engine call (create, start, inspect, stop beyond its grace, logs)
 * @param pullTimeout    pulling an image that is not present locally; on a machine without a
 *                       registry the pull fails fast or hits this bound
 * @param pingTimeout    {@link DockerDriver#available()}: meant to answer "is there an engine?" quickly
 * @param pidsLimit      most processes (threads count) one container may hold, so that a fork bomb
 *                       in one task cannot exhaust the host's process table; see {@link ContainerHardening}
 */
public record DockerDriverSettings(
    Duration connectTimeout, Duration callTimeout, Duration pullTimeout, Duration pingTimeout, long pidsLimit) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(2);
  /** Far above what a web server or a JVM needs (a busy JVM runs a few hundred threads), far below a host's pid_max. */
  public static final long DEFAULT_PIDS_LIMIT = 1024;

  public DockerDriverSettings {
    connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    callTimeout = positive(callTimeout, DEFAULT_CALL_TIMEOUT, "callTimeout");
    pullTimeout = positive(pullTimeout, DEFAULT_PULL_TIMEOUT, "pullTimeout");
    pingTimeout = positive(pingTimeout, DEFAULT_PING_TIMEOUT, "pingTimeout");
    if (pidsLimit < 0) throw new IllegalArgumentException("docker.pidsLimit must not be negative, was " + pidsLimit);
    if (pidsLimit == 0) pidsLimit = DEFAULT_PIDS_LIMIT;
  }

  /** Settings with these timeouts and the default pids limit. */
  public DockerDriverSettings(Duration connectTimeout, Duration callTimeout, Duration pullTimeout, Duration pingTimeout) {
    this(connectTimeout, callTimeout, pullTimeout, pingTimeout, 0);
  }

  public static DockerDriverSettings defaults() {
    return new DockerDriverSettings(null, null, null, null, 0);
  }

  public DockerDriverSettings withPullTimeout(Duration pull) {
    return new DockerDriverSettings(connectTimeout, callTimeout, pull, pingTimeout, pidsLimit);
  }

  /** These settings with at most {@code limit} processes per container; 0 means {@link #DEFAULT_PIDS_LIMIT}. */
  public DockerDriverSettings withPidsLimit(long limit) {
    return new DockerDriverSettings(connectTimeout, callTimeout, pullTimeout, pingTimeout, limit);
  }

  private static Duration positive(Duration value, Duration fallback, String field) {
    if (value == null) return fallback;
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("docker." + field + " must be positive, was " + value);
    }
    return value;
  }
}
