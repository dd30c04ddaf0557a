package io.orchestrate.manager.config;

import io.orchestrate.core.util.DurationText;
import java.time.Duration;

/**
 * Bounds of the task output streams a manager relays from its workers ({@code GET /v1/tasks/{id}/logs}).
 * Each open stream holds up to a window of output on this manager and a stream on a worker, so
 * their number is capped, per manager and per client, and a stream whose client takes nothing is
 * closed. A client that keeps reading may follow a task for as long as it likes.
 *
 * <p>Memory: a stream holds at most its credit window ({@link io.orchestrate.gateway.protocol.LogLimits#WINDOW_BYTES},
 * 4 MiB) on this manager, so all of them at most {@code maxStreams} × 4 MiB (1 GiB with the defaults),
 * and a client that takes none of it holds it for no longer than {@code slowClientTimeout}.
 *
 * @param maxStreams          relayed streams open at once on one manager; one more gets 429
 * @param maxStreamsPerClient of those, how many one client (an API token, or else an address) may hold
 * @param slowClientTimeout   a stream whose client has taken none of what was written to it for
 *                            this long is closed, and the worker told to stop reading for it
 */
public record LogRelayLimits(int maxStreams, int maxStreamsPerClient, Duration slowClientTimeout) {
  public static final LogRelayLimits DEFAULTS = new LogRelayLimits(256, 64, Duration.ofSeconds(60));

  public LogRelayLimits {
    if (maxStreams < 1 || maxStreams > ConnectionLimits.MAX_CONNECTIONS) {
      throw new IllegalArgumentException("--logs-max-streams (logsMaxStreams) must be between 1 and " + ConnectionLimits.MAX_CONNECTIONS
          + " (got " + maxStreams + ")");
    }
    if (maxStreamsPerClient < 1 || maxStreamsPerClient > maxStreams) {
      throw new IllegalArgumentException("--logs-max-streams-per-client (logsMaxStreamsPerClient) must be between 1 and"
          + " --logs-max-streams (logsMaxStreams, " + maxStreams + ") (got " + maxStreamsPerClient + ")");
    }
    if (slowClientTimeout == null || slowClientTimeout.isZero() || slowClientTimeout.isNegative()) {
      throw new IllegalArgumentException("--logs-slow-client-timeout (logsSlowClientTimeout) must be more than zero (got "
          + (slowClientTimeout == null ? "nothing" : DurationText.format(slowClientTimeout)) + ")");
    }
  }

  /** Also lowers the per-client share to {@code n} when it was above it, so that lowering one flag alone is valid. */
  public LogRelayLimits withMaxStreams(int n) {
    return new LogRelayLimits(n, Math.min(maxStreamsPerClient, Math.max(1, n)), slowClientTimeout);
  }

  public LogRelayLimits withMaxStreamsPerClient(int n) {
    return new LogRelayLimits(maxStreams, n, slowClientTimeout);
  }

  public LogRelayLimits withSlowClientTimeout(Duration d) {
    return new LogRelayLimits(maxStreams, maxStreamsPerClient, d);
  }
}
