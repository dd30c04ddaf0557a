package io.orchestrate.manager.logs;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.config.LogRelayLimits;
import io.orchestrate.manager.service.ApiException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The relayed log streams a manager admits: at most {@link LogRelayLimits#maxStreams} at once, and
 * {@link LogRelayLimits#maxStreamsPerClient} of them for one client. A slot is taken when a log
 * request is accepted and given back once, whichever way its stream ends.
 *
 * <p>Threads: taken on HTTP event loops and route threads, given back on whichever thread sees the
 * stream end; one lock guards both counts, so the total and the shares never disagree.
 */
public final class LogStreamSlots {
  /** One admitted stream's place; {@link #release} gives it back, however often it is called. */
  public final class Slot {
    private final String client;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String client) {
      this.client = client;
    }

    public void release() {
      if (released.compareAndSet(false, true)) give(client);
    }
  }

  private final LogRelayLimits limits;
  private final Map<String, Integer> byClient = new HashMap<>();
  private int held;

  public LogStreamSlots(LogRelayLimits limits) {
    this.limits = limits;
  }

  /** A slot for {@code client}, or a 429 naming the limit it would pass. */
  public synchronized Slot take(String client) {
    if (held >= limits.maxStreams()) {
      throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "this manager already relays " + held + " log streams, its limit"
          + " (logsMaxStreams, --logs-max-streams = " + limits.maxStreams() + "); retry later");
    }
    int mine = byClient.getOrDefault(client, 0);
    if (mine >= limits.maxStreamsPerClient()) {
      throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "this client already holds " + mine + " log streams on this manager, its limit"
          + " (logsMaxStreamsPerClient, --logs-max-streams-per-client = " + limits.maxStreamsPerClient() + "); close one or retry later");
    }
    held++;
    byClient.put(client, mine + 1);
    return new Slot(client);
  }

  private synchronized void give(String client) {
    held--;
    byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Slots held now. */
  public synchronized int held() {
    return held;
  }

  /** Slots {@code client} holds now. */
  synchronized int heldBy(String client) {
    return byClient.getOrDefault(client, 0);
  }
}
