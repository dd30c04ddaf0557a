package io.orchestrate.chaos;

import io.orchestrate.chaos.checker.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client of the managers' HTTP API with leader discovery that knows, for every request, whether
 * it may have reached a manager: that is what tells a failed write ({@link Outcome#FAIL}: refused
 * before it was sent, or a 4xx) from an unknown one ({@link Outcome#INFO}: a timeout, a cut
 * connection or a 5xx after the request was sent). Short timeouts so that a paused or isolated
 * manager costs little. Follows {@code 307} to the leader; tries every manager, the one that last
 * answered first; retries a write with the same headers (so the same idempotency key).
 *
 * <p>Not thread-safe: one per client thread (the remembered leader is a plain field).
 */
final class ApiClient {
  static final int MAX_EXCHANGES = 12;
  static final int MAX_REDIRECTS = 4;

  /** The last word on one request. {@code status} is 0 when no manager answered. */
  record Result(Outcome outcome, int status, byte[] body, String error) {
    boolean ok() {
      return outcome == Outcome.OK;
    }
  }

  private final List<String> managers;
  private final Duration attemptTimeout;
  private final Duration deadline;
  private final HttpClient http;
  private String preferred;

  ApiClient(List<String> managerBases, Duration attemptTimeout, Duration deadline) {
    this.managers = List.copyOf(managerBases);
    this.attemptTimeout = attemptTimeout;
    this.deadline = deadline;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofMillis(700)).build();
  }

  Result send(String method, String path, byte[] body, Map<String, String> headers) {
    long end = System.nanoTime() + deadline.toNanos();
    boolean mayHaveHappened = false;
    String lastError = "no manager tried";
    int exchanges = 0;
    for (int round = 0; round < MAX_EXCHANGES && exchanges < MAX_EXCHANGES; round++) {
      for (String base : order()) {
        String target = base + path;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
          if (System.nanoTime() > end || exchanges >= MAX_EXCHANGES) {
            return new Result(mayHaveHappened ? Outcome.INFO : Outcome.FAIL, 0, null, "gave up: " + lastError);
          }
          exchanges++;
          HttpResponse<byte[]> r;
          try {
            r = http.send(request(method, target, body, headers), HttpResponse.BodyHandlers.ofByteArray());
          } catch (HttpConnectTimeoutException | ConnectException e) {
            lastError = hostOf(target) + ": not connected (" + e.getClass().getSimpleName() + ")";
            break; // never sent: says nothing about the write
          } catch (HttpTimeoutException e) {
            mayHaveHappened = true;
            lastError = hostOf(target) + ": no answer within " + attemptTimeout.toMillis() + " ms";
            break;
          } catch (IOException e) {
            // Connection reset or closed after sending: the manager may have acted on it.
            mayHaveHappened = true;
            lastError = hostOf(target) + ": " + e;
            break;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(mayHaveHappened ? Outcome.INFO : Outcome.FAIL, 0, null, "interrupted");
          }
          int s = r.statusCode();
          if (s >= 200 && s < 300) {
            preferred = baseOf(target);
            return new Result(Outcome.OK, s, r.body(), null);
          }
          if (s == 307 || s == 308) {
            String loc = r.headers().firstValue("Location").orElse(null);
            if (loc == null) {
              lastError = hostOf(target) + ": redirect without Location";
              break;
            }
            target = URI.create(target).resolve(loc).toString();
            continue;
          }
          if (s == 404 && method.equals("GET")) return new Result(Outcome.OK, s, r.body(), null);
          if (s >= 400 && s < 500) {
            // Rejected by the cluster; after an earlier unknown attempt the request may still have happened then.
            return new Result(mayHaveHappened ? Outcome.INFO : Outcome.FAIL, s, r.body(), "HTTP " + s + " from " + hostOf(target));
          }
          // 503 (no leader, no quorum, timed out waiting for the commit) or another 5xx: maybe proposed.
          if (!method.equals("GET")) mayHaveHappened = true;
          lastError = hostOf(target) + ": HTTP " + s;
          break;
        }
      }
      pause(Math.min(1000, 100L << Math.min(round, 3)), end);
    }
    return new Result(mayHaveHappened ? Outcome.INFO : Outcome.FAIL, 0, null, "gave up: " + lastError);
  }

  private HttpRequest request(String method, String target, byte[] body, Map<String, String> headers) {
    HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(attemptTimeout).method(method, pub)
        .header("Accept", "application/json");
    headers.forEach(b::header);
    return b.build();
  }

  private List<String> order() {
    List<String> o = new ArrayList<>(managers.size());
    if (preferred != null) o.add(preferred);
    for (String m : managers) if (!m.equals(preferred)) o.add(m);
    return o;
  }

  private static String baseOf(String target) {
    URI u = URI.create(target);
    return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
  }

  private static String hostOf(String target) {
    URI u = URI.create(target);
    return u.getHost() + ":" + u.getPort();
  }

  /** Backoff between rounds in which no manager could serve; never past the deadline. */
  private static void pause(long millis, long endNanos) {
    long left = TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime());
    if (left <= 0) return;
    try {
      TimeUnit.MILLISECONDS.sleep(Math.min(millis, left));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
