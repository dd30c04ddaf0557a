package io.orchestrate.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the worker tells whether a running task works, not only whether its process lives. Every
 * {@code intervalSeconds} (counted from the end of the previous check, so checks never overlap)
 * it runs one check bounded by {@code timeoutSeconds}:
 *
 * <ul>
 *   <li>{@code http}: GET {@code path} on {@code port}; a status from 200 to 399 passes.
 *   <li>{@code tcp}: a connection to {@code port} is accepted.
 *   <li>{@code command}: {@code command} runs in the task's environment and exits 0.
 * </ul>
 *
 * After {@code failureThreshold} consecutive failures the task is unhealthy and is restarted per
 * its {@link RestartPolicy}, as if it had exited. Failures within {@code gracePeriodSeconds} of
 * the start do not count, unless a check has passed already (a slow starter is not killed for
 * starting slowly). Fields left out take their defaults; explicit bad values are kept so that
 * {@link JobSpecValidator} can name them.
 */
public record HealthCheck(
    Type type,
    String path,
    Integer port,
    List<String> command,
    Integer intervalSeconds,
    Integer timeoutSeconds,
    Integer failureThreshold,
    Integer gracePeriodSeconds) {

  public static final String DEFAULT_PATH = "/";
  public static final int DEFAULT_INTERVAL_SECONDS = 10;
  public static final int DEFAULT_TIMEOUT_SECONDS = 2;
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  public static final int DEFAULT_GRACE_PERIOD_SECONDS = 0;

  public HealthCheck {
    if (path == null && type == Type.HTTP) path = DEFAULT_PATH;
    command = command == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(command));
    if (intervalSeconds == null) intervalSeconds = DEFAULT_INTERVAL_SECONDS;
    if (timeoutSeconds == null) timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    if (failureThreshold == null) failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    if (gracePeriodSeconds == null) gracePeriodSeconds = DEFAULT_GRACE_PERIOD_SECONDS;
  }

  public static HealthCheck http(String path, int port) {
    return new HealthCheck(Type.HTTP, path, port, null, null, null, null, null);
  }

  public static HealthCheck tcp(int port) {
    return new HealthCheck(Type.TCP, null, port, null, null, null, null, null);
  }

  public static HealthCheck command(List<String> command) {
    return new HealthCheck(Type.COMMAND, null, null, command, null, null, null, null);
  }

  /** The same check with other timings. */
  public HealthCheck withTimings(int interval, int timeout, int threshold, int grace) {
    return new HealthCheck(type, path, port, command, interval, timeout, threshold, grace);
  }

  public enum Type {
    HTTP("http"),
    TCP("tcp"),
    COMMAND("command");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    @JsonValue
    public String wire() {
      return wire;
    }

    @JsonCreator
    public static Type parse(String s) {
      for (Type t : values()) {
        if (t.wire.equalsIgnoreCase(s)) return t;
      }
      throw new IllegalArgumentException("must be one of http, tcp, command (got '" + s + "')");
    }
  }
}
