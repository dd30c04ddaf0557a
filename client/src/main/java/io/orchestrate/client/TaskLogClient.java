package io.orchestrate.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
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
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code GET /v1/tasks/{id}/logs} (as NDJSON) from the leader, and keeps reading across a
 * leader change: a stream that ends without its {@code {"end":true}} (the manager stopped, the
 * worker moved to a new leader) is asked again, of whichever manager leads now (a follower's 307
 * names it), from the last line handed out: {@code since} its instant and {@code skip} the lines
 * already handed out at that instant. So the caller sees every line once, in order.
 *
 * <p>Gives up with {@link ClusterUnavailableException} when no manager has streamed for the
 * client's timeout; a refusal (the task does not exist, its node is down, no token) is a
 * {@link RequestRejectedException}. A {@code 429} (the leader relays its most streams) refuses the
 * first request so too; while resuming a stream that was already open it is waited out instead
 * (its {@code Retry-After}, at most {@link #MAX_BUSY_WAIT} a time, at most {@link #MAX_BUSY_WAITS}
 * times in a row and never past the timeout), saying so through the notice callback, since giving
 * up there would end a follow the user did not end. One caller thread.
 */
public final class TaskLogClient {
  /** One line of output. */
  public record Line(String ts, String stream, String text) {}

  /** What the caller does with each line: false stops the stream. */
  public interface Sink {
    boolean accept(Line line);
  }

  /** The longest one {@code Retry-After} of a resumption is waited. */
  static final Duration MAX_BUSY_WAIT = Duration.ofSeconds(30);
  /** How many {@code 429}s in a row a resumption waits out before it gives up with the last one. */
  static final int MAX_BUSY_WAITS = 5;
  /** The wait when a {@code 429} names none. */
  private static final Duration DEFAULT_BUSY_WAIT = Duration.ofSeconds(1);

  private final ManagersClient managers;
  private final java.util.function.Consumer<String> notices;
  private String serving;
  private int resumes;

  public TaskLogClient(ManagersClient managers) {
    this(managers, notice -> {});
  }

  /** @param notices told, one line each, what the client waits for while resuming (a CLI prints them to stderr) */
  public TaskLogClient(ManagersClient managers, java.util.function.Consumer<String> notices) {
    this.managers = managers;
    this.notices = notices;
  }

  /** The manager that served the last line, as {@code host:port}. */
  public String serving() {
    return serving;
  }

  /** Streams that were cut and asked again. */
  public int resumes() {
    return resumes;
  }

  /**
   * @param task   a task id or {@code JOB/GROUP/INDEX}
   * @param tail   the last N lines only, or -1 for all
   * @param stream stdout, stderr or both
   */
  public void read(String task, boolean follow, int tail, String stream, Sink sink) {
    Position at = new Position();
    List<URI> order = order();
    int next = 0;
    URI target = order.get(0);
    long quietSince = managers.time().nanoTime();
    Map<String, String> failures = new LinkedHashMap<>();
    int busyWaits = 0;
    for (int attempt = 0; ; attempt++) {
      Outcome o;
      try {
        o = stream(target, task, follow, tail, stream, at, sink);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (o.done()) return;
      if (o.progress()) {
        quietSince = managers.time().nanoTime();
        busyWaits = 0;
      }
      if (o.busy() != null) {
        Duration left = managers.settings().timeout().minus(Duration.ofNanos(managers.time().nanoTime() - quietSince));
        if (++busyWaits > MAX_BUSY_WAITS || left.isNegative() || left.isZero()) throw o.busy();
        Duration wait = min(min(o.retryAfter() != null ? o.retryAfter() : DEFAULT_BUSY_WAIT, MAX_BUSY_WAIT), left);
        notices.accept("resuming the output of " + task + ": " + ManagerAddress.display(target) + " is busy (" + o.busy().getMessage()
            + "); waiting " + wait.toMillis() / 1000.0 + " s");
        try {
          managers.time().sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        resumes++;
        continue;
      }
      failures.put(ManagerAddress.display(target), o.problem());
      if (Duration.ofNanos(managers.time().nanoTime() - quietSince).compareTo(managers.settings().timeout()) > 0) {
        throw new ClusterUnavailableException("cluster unavailable: no manager streamed the output of " + task + " for "
            + managers.settings().timeout().toSeconds() + " s" + (at.ts == null ? "" : " (last line at " + at.ts + ")"), failures);
      }
      if (attempt > 0) resumes++;
      if (o.redirect() != null) {
        target = o.redirect();
        continue;
      }
      next++;
      target = order.get(next % order.size());
      if (next % order.size() == 0) {
        try {
          // Every manager failed in turn (an election, a worker reconnecting): a short pause, not a busy loop.
          managers.time().sleep(Duration.ofMillis(250));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * The last line handed out: its instant, and how many handed out lines had exactly that instant;
   * {@code opened} once any manager answered with a stream (later requests are resumptions).
   */
  private static final class Position {
    String ts;
    int atTs;
    boolean any;
    boolean opened;

    void saw(String lineTs) {
      any = true;
      if (lineTs.equals(ts)) {
        atTs++;
      } else {
        ts = lineTs;
        atTs = 1;
      }
    }
  }

  /** {@code busy}: a 429 while resuming, to wait out ({@code retryAfter}, or null when it named none) and ask again. */
  private record Outcome(boolean done, boolean progress, String problem, URI redirect, RequestRejectedException busy, Duration retryAfter) {
    Outcome(boolean done, boolean progress, String problem, URI redirect) {
      this(done, progress, problem, redirect, null, null);
    }
  }

  private Outcome stream(URI base, String task, boolean follow, int tail, String stream, Position at, Sink sink) throws InterruptedException {
    StringBuilder q = new StringBuilder("/v1/tasks/").append(URLEncoder.encode(task, StandardCharsets.UTF_8).replace("+", "%20"))
        .append("/logs?format=ndjson&follow=").append(follow).append("&stream=").append(stream);
    if (at.any) {
      q.append("&since=").append(URLEncoder.encode(at.ts, StandardCharsets.UTF_8)).append("&skip=").append(at.atTs);
    } else if (tail >= 0) {
      q.append("&tail=").append(tail);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(q.toString())).timeout(managers.settings().attemptTimeout())
        .header("Accept", "application/x-ndjson").GET();
    if (managers.settings().token() != null) b.header("Authorization", "Bearer " + managers.settings().token());
    String display = ManagerAddress.display(base);
    Lines lines = new Lines();
    java.util.concurrent.CompletableFuture<HttpResponse<Void>> exchange = managers.http().sendAsync(b.build(), lines);
    exchange.whenComplete((r, t) -> {
      if (t != null) lines.onError(t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t);
    });
    boolean progress = false;
    try {
      Object first = lines.next(managers.settings().attemptTimeout());
      if (first == null) return new Outcome(false, false, "no answer within " + managers.settings().attemptTimeout().toSeconds() + " s", null);
      if (first instanceof Throwable t) return new Outcome(false, false, describe(t), null);
      if (first instanceof Refusal refusal) {
        ErrorBody e = ManagersClient.errorBody(refusal.body);
        String message = e != null && e.error() != null ? e.error() : "HTTP " + refusal.status;
        if (refusal.status == 307 && refusal.location != null) {
          return new Outcome(false, false, message, ManagerAddress.base(base.resolve(refusal.location)));
        }
        if (refusal.status == 503 || refusal.status == 307) return new Outcome(false, false, message, null);
        ErrorCode code = e != null && e.code() != null ? ErrorCode.byWire(e.code()) : ManagersClient.codeFor(refusal.status);
        RequestRejectedException rejected = new RequestRejectedException(refusal.status, code, message, display);
        if (refusal.status == 429 && at.opened) return new Outcome(false, false, message, null, rejected, refusal.retryAfter);
        throw rejected;
      }
      serving = display;
      at.opened = true;
      // An open stream counts as progress: the cluster answered; a cut after it is resumed at once.
      progress = true;
      Object held = first; // the first line of output came with the answer's head
      while (true) {
        // A followed task may print nothing for hours: the stream's own end or break is what ends a wait.
        Object o = held != null ? held : lines.next(follow ? Duration.ofDays(365) : managers.settings().timeout());
        held = null;
        if (o == null) return new Outcome(false, progress, "no line for " + managers.settings().timeout().toSeconds() + " s", null);
        if (o instanceof Throwable t) return new Outcome(false, progress, describe(t), null);
        if (o == Lines.END) return new Outcome(false, true, "the stream was cut before its end", null);
        String line = (String) o;
        if (line.isEmpty()) continue;
        JsonNode n;
        try {
          n = Json.lenient().readTree(line);
        } catch (java.io.IOException e) {
          throw new MalformedAnswerException("manager " + display + " sent a line of output that is not JSON: " + e.getMessage(), e);
        }
        if (n.has("end")) {
          String error = n.path("error").isTextual() ? n.path("error").asText() : null;
          if (error != null) throw new RequestRejectedException(409, ErrorCode.CONFLICT, error, display);
          return new Outcome(true, true, null, null);
        }
        String ts = n.path("ts").asText();
        at.saw(ts);
        if (!sink.accept(new Line(ts, n.path("stream").asText(), n.path("line").asText()))) return new Outcome(true, true, null, null);
      }
    } finally {
      lines.cancel();
      exchange.cancel(true);
    }
  }

  private static String describe(Throwable t) {
    return t instanceof java.io.IOException io ? ManagersClient.describe(io) : String.valueOf(t);
  }

  private List<URI> order() {
    List<URI> order = new ArrayList<>();
    if (managers.preferred() != null) order.add(managers.preferred());
    for (URI m : managers.managers()) if (!order.contains(m)) order.add(m);
    return order;
  }

  /** A refused stream: its status, (bounded) body, for a redirect where to, and the wait its {@code Retry-After} asks (or null). */
  private record Refusal(int status, byte[] body, String location, Duration retryAfter) {}

  /** Only the delta-seconds form of {@code Retry-After}. */
  private static Duration retryAfter(HttpResponse.ResponseInfo info) {
    String v = info.headers().firstValue("Retry-After").orElse(null);
    if (v == null) return null;
    try {
      long seconds = Long.parseLong(v.strip());
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, MAX_BUSY_WAIT.toSeconds()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The body of one exchange as a queue polled with a bound; one line requested at a time, so at most one waits here. */
  private static final class Lines implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<String> {
    static final Object END = new Object();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
      if (info.statusCode() != 200) {
        String location = info.headers().firstValue("Location").orElse(null);
        Duration wait = retryAfter(info);
        return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), body -> {
          queue.add(new Refusal(info.statusCode(), body.length > 64 * 1024 ? java.util.Arrays.copyOf(body, 64 * 1024) : body, location, wait));
          return null;
        });
      }
      return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> null, StandardCharsets.UTF_8, "\n");
    }

    Object next(Duration wait) throws InterruptedException {
      Object o = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (o instanceof String) {
        Flow.Subscription s = subscription;
        if (s != null) s.request(1);
      }
      return o;
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) s.cancel();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(String line) {
      queue.add(line);
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
}
