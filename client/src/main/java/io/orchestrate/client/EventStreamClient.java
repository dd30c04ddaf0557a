package io.orchestrate.client;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.EventView;
import io.orchestrate.core.codec.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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

  private final ManagersClient managers;
  private String serving;

  public EventStreamClient(ManagersClient managers) {
    this.managers = managers;
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
      } catch (IOException e) {
        o = new Outcome(null, false, false, ManagersClient.describe(e), null);
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

  private Outcome stream(URI base, String from, String topics, boolean follow, Sink sink) throws IOException, InterruptedException {
    StringBuilder q = new StringBuilder("/v1/events?follow=").append(follow);
    if (from != null) q.append("&from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
    if (topics != null) q.append("&topic=").append(URLEncoder.encode(topics, StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(q.toString())).timeout(managers.settings().attemptTimeout())
        .header("Accept", "text/event-stream").GET();
    if (managers.settings().token() != null) b.header("Authorization", "Bearer " + managers.settings().token());
    HttpResponse<InputStream> r = managers.http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    String display = ManagerAddress.display(base);
    if (r.statusCode() != 200) {
      byte[] body;
      try (InputStream in = r.body()) {
        body = in.readNBytes(64 * 1024);
      }
      ErrorBody e = ManagersClient.errorBody(body);
      String message = e != null && e.error() != null ? e.error() : "HTTP " + r.statusCode();
      if (r.statusCode() == 503 || r.statusCode() == 307) return new Outcome(null, false, false, message, null);
      ErrorCode code = e != null && e.code() != null ? ErrorCode.byWire(e.code()) : ManagersClient.codeFor(r.statusCode());
      throw new RequestRejectedException(r.statusCode(), code, message, display);
    }
    String next = from;
    String progress = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String event = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
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
        // Comments (heartbeats) and ids need nothing: the id is in the event itself.
      }
    } catch (IOException e) {
      return new Outcome(next, false, false, ManagersClient.describe(e), progress);
    }
    return new Outcome(next, false, false, "the stream ended", progress == null ? "opened" : progress);
  }

  private List<URI> order() {
    List<URI> order = new ArrayList<>();
    if (managers.preferred() != null) order.add(managers.preferred());
    for (URI m : managers.managers()) if (!order.contains(m)) order.add(m);
    return order;
  }
}
