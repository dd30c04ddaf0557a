package io.orchestrate.client;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.EventView;
import io.orchestrate.core.codec.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code GET /v1/events} from any manager and keeps reading across managers: when the
 * stream it reads ends early (the manager stopped, the connection broke, a 503), it opens the
 * stream at the next manager from just after the last event it handed out, so the caller sees
 * every event once, in order. Any manager serves the stream from its own applied state (a
 * follower may lag the leader a little, never reorder), so there is no leader to find.
 *
 * <p>It gives up with {@link ClusterUnavailableException} once no manager has given it an event
 * or an open stream for the client's timeout; a 410 (the position is older than the managers'
 * windows) and other refusals are thrown as {@link RequestRejectedException}. One caller thread.
 */
public final class EventStreamClient {
  /** What the caller does with each event: false stops the stream. */
  public interface Sink {
    boolean accept(EventView event);
  }

  /** Why {@link #read} returned, and where the next read would begin ({@code INDEX.POS}, or null if nothing was seen). */
  public record End(String next, boolean caughtUp) {}

  /** Three heartbeats at the managers' default ({@code --events-heartbeat 15s}). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(45);

  private final ManagersClient managers;
  private final Duration idleTimeout;
  private String serving;

  public EventStreamClient(ManagersClient managers) {
    this(managers, DEFAULT_IDLE_TIMEOUT);
  }

  /** @param idleTimeout a stream with no line (event or heartbeat) for this long is given up and resumed elsewhere */
  public EventStreamClient(ManagersClient managers, Duration idleTimeout) {
    this.managers = managers;
    this.idleTimeout = idleTimeout;
  }

  /** The manager that served the last event, as {@code host:port}. */
  public String serving() {
    return serving;
  }

  /**
   * @param from   where to start: {@code INDEX} or {@code INDEX.POS}; null for the next entry to apply
   * @param topics comma-separated topics, or null for all
   * @param follow false to stop once caught up with what the serving manager had applied when it began
   */
  public End read(String from, String topics, boolean follow, Sink sink) {
    String next = from;
    List<URI> order = order();
    int at = 0;
    long quietSince = managers.time().nanoTime();
    Map<String, String> failures = new LinkedHashMap<>();
    while (true) {
      URI base = order.get(at % order.size());
      Outcome o;
      try {
        o = stream(base, next, topics, follow, sink);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new End(next, false);
      }
      if (o.next() != null) next = o.next();
      if (o.stopped()) return new End(next, false);
      if (o.caughtUp()) return new End(next, true);
      if (o.progress() != null) quietSince = managers.time().nanoTime();
      failures.put(ManagerAddress.display(base), o.problem());
      if (Duration.ofNanos(managers.time().nanoTime() - quietSince).compareTo(managers.settings().timeout()) > 0) {
        throw new ClusterUnavailableException("cluster unavailable: no manager streamed events for "
            + managers.settings().timeout().toSeconds() + " s (resume with --from " + (next == null ? "<index>" : next) + ")", failures);
      }
      at++;
      if (at % order.size() == 0) {
        try {
          // Every manager failed in turn: a short pause before the next round, not a busy loop.
          managers.time().sleep(Duration.ofMillis(200));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new End(next, false);
        }
      }
    }
  }

  /** One attempt: {@code next} is the position after the last event handed out; {@code progress} non-null if any came. */
  private record Outcome(String next, boolean stopped, boolean caughtUp, String problem, String progress) {}

  private Outcome stream(URI base, String from, String topics, boolean follow, Sink sink) throws InterruptedException {
    StringBuilder q = new StringBuilder("/v1/events?follow=").append(follow);
    if (from != null) q.append("&from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
    if (topics != null) q.append("&topic=").append(URLEncoder.encode(topics, StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(q.toString())).timeout(managers.settings().attemptTimeout())
        .header("Accept", "text/event-stream").GET();
    if (managers.settings().token() != null) b.header("Authorization", "Bearer " + managers.settings().token());
    String display = ManagerAddress.display(base);
    Lines lines = new Lines();
    java.util.concurrent.CompletableFuture<HttpResponse<Void>> exchange = managers.http().sendAsync(b.build(), lines);
    // A refused or broken connection fails the exchange before any body: it must end the wait too.
    exchange.whenComplete((r, t) -> {
      if (t != null) lines.onError(t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t);
    });
    try {
      Object first = lines.next(managers.settings().attemptTimeout());
      if (first == null) return new Outcome(null, false, false, "no answer within " + managers.settings().attemptTimeout().toSeconds() + " s", null);
      if (first instanceof Throwable t) return new Outcome(null, false, false, describe(t), null);
      if (first instanceof Refusal refusal) {
        ErrorBody e = ManagersClient.errorBody(refusal.body());
        String message = e != null && e.error() != null ? e.error() : "HTTP " + refusal.status();
        if (refusal.status() == 503 || refusal.status() == 307) return new Outcome(null, false, false, message, null);
        ErrorCode code = e != null && e.code() != null ? ErrorCode.byWire(e.code()) : ManagersClient.codeFor(refusal.status());
        throw new RequestRejectedException(refusal.status(), code, message, display);
      }
      String next = from;
      String progress = null;
      String event = null;
      StringBuilder data = new StringBuilder();
      while (true) {
        // A manager sends a line at least every heartbeat; silence for longer is a manager that
        // vanished without closing the connection (a host that lost power), not a quiet cluster.
        Object o = lines.next(idleTimeout);
        if (o == null) return new Outcome(next, false, false, "no line for " + idleTimeout.toSeconds() + " s", progress);
        if (o instanceof Throwable t) return new Outcome(next, false, false, describe(t), progress);
        if (o == Lines.END) return new Outcome(next, false, false, "the stream ended", progress == null ? "opened" : progress);
        String line = (String) o;
        if (line.isEmpty()) {
          if (data.length() > 0) {
            if ("gone".equals(event)) {
              ErrorBody e = Json.read(data.toString().getBytes(StandardCharsets.UTF_8), ErrorBody.class);
              throw new RequestRejectedException(410, ErrorCode.GONE, e.error(), display);
            }
            EventView v = Json.read(data.toString().getBytes(StandardCharsets.UTF_8), EventView.class);
            next = v.index() + "." + (v.pos() + 1);
            progress = next;
            serving = display;
            if (!sink.accept(v)) return new Outcome(next, true, false, null, progress);
          }
          event = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) data.append('\n');
          data.append(line.substring(5).strip());
        } else if (line.startsWith(": caught up")) {
          return new Outcome(next, false, true, null, progress);
        }
        // Comments (heartbeats) and ids need nothing more: the id is in the event itself.
      }
    } finally {
      lines.cancel();
      exchange.cancel(true);
    }
  }

  private static String describe(Throwable t) {
    return t instanceof java.io.IOException io ? ManagersClient.describe(io) : String.valueOf(t);
  }

  /** A refused stream: its status and (bounded) body. */
  private record Refusal(int status, byte[] body) {}

  /**
   * The body of one exchange as a queue the caller polls with a bound: lines (one requested at a
   * time, so at most one waits here), a {@link Refusal}, {@link #END} or the failure. Headers and
   * lines arrive on the HTTP client's threads.
   */
  private static final class Lines implements HttpResponse.BodyHandler<Void>, java.util.concurrent.Flow.Subscriber<String> {
    static final Object END = new Object();
    private final java.util.concurrent.LinkedBlockingQueue<Object> queue = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile java.util.concurrent.Flow.Subscription subscription;

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
      if (info.statusCode() != 200) {
        return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), body -> {
          queue.add(new Refusal(info.statusCode(), body.length > 64 * 1024 ? java.util.Arrays.copyOf(body, 64 * 1024) : body));
          return null;
        });
      }
      return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> null, StandardCharsets.UTF_8, "\n");
    }

    /** The next item, or null when none came within {@code wait}. */
    Object next(Duration wait) throws InterruptedException {
      Object o = queue.poll(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      if (o instanceof String) {
        java.util.concurrent.Flow.Subscription s = subscription;
        if (s != null) s.request(1);
      }
      return o;
    }

    void cancel() {
      java.util.concurrent.Flow.Subscription s = subscription;
      if (s != null) s.cancel();
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(String line) {
      queue.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(t);
    }

    @Override
    public void onComplete() {
      queue.add(END);
    }
  }

  private List<URI> order() {
    List<URI> order = new ArrayList<>();
    if (managers.preferred() != null) order.add(managers.preferred());
    for (URI m : managers.managers()) if (!order.contains(m)) order.add(m);
    return order;
  }
}
