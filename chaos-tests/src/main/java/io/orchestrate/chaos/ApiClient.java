package io.orchestrate.chaos;

import io.orchestrate.chaos.checker.Outcome;
import io.orchestrate.client.ApiRequest;
import io.orchestrate.client.ApiResponse;
import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ClusterUnavailableException;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.RequestRejectedException;
import io.orchestrate.client.Time;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The project's own API client ({@link ManagersClient}: leader discovery, redirects with the same
 * headers, so the same idempotency key, the manager that last answered tried first) with what a
 * history needs on top: for every request, an {@link Outcome}. A write refused before it was sent,
 * or answered with a 4xx, failed ({@link Outcome#FAIL}); one that timed out, was cut after sending,
 * or got a 503 or another 5xx may have happened ({@link Outcome#INFO}). Short timeouts so that a
 * paused or isolated manager costs little.
 *
 * <p>Not thread-safe: one per client thread.
 */
final class ApiClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(700);
  /** A 503's Retry-After is a second; the history wants more attempts in a fault window than that allows. */
  static final Duration MAX_RETRY_WAIT = Duration.ofMillis(400);

  /** Bound on the pages of one listing: far more than a run submits, so only a looping manager reaches it. */
  static final int MAX_PAGES = 10_000;

  /**
   * The last word on one request. {@code status} is 0 when no manager answered; {@code nextCursor}
   * the answer's {@code X-Next-Cursor} (a listing's next page), else null.
   */
  record Result(Outcome outcome, int status, byte[] body, String error, String nextCursor) {
    Result(Outcome outcome, int status, byte[] body, String error) {
      this(outcome, status, body, error, null);
    }

    boolean ok() {
      return outcome == Outcome.OK;
    }
  }

  private final ManagersClient client;

  /**
   * @param api the managers' API addresses, the client's TLS context and its token
   * @param attemptTimeout bound on one exchange with one manager
   * @param deadline bound on the whole request, across managers, redirects and retries
   */
  ApiClient(ApiAccess api, Duration attemptTimeout, Duration deadline) {
    ClientSettings settings = ClientSettings.defaults().withTimeout(deadline).withAttemptTimeout(attemptTimeout)
        .withConnectTimeout(CONNECT_TIMEOUT).withMaxRetryWait(MAX_RETRY_WAIT).withToken(api.token());
    this.client = new ManagersClient(api.bases(), settings, Time.SYSTEM, api.tls());
  }

  /**
   * A whole listing ({@code GET /v1/jobs} or {@code /v1/tasks}, {@code field} "jobs" or "tasks"),
   * following the cursor page by page, as one result whose body holds every page's items. Each page
   * is a read made after the listing began, so a job acknowledged before then is on whichever page
   * its place in the order falls: the checkers' reading of one list read stays sound. The first
   * page that fails is the result.
   */
  Result readAll(String path, String field) {
    ArrayNode items = Json.lenient().createArrayNode();
    String next = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String sep = path.contains("?") ? "&" : "?";
      Result r = send("GET", next == null ? path : path + sep + "next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), null, Map.of());
      if (!r.ok() || r.status() != 200) return r;
      try {
        Json.lenient().readTree(r.body()).path(field).forEach(items::add);
      } catch (IOException e) {
        return new Result(Outcome.FAIL, r.status(), r.body(), "unreadable page " + page + " of " + path + ": " + e.getMessage());
      }
      next = r.nextCursor();
      if (next == null) return new Result(Outcome.OK, 200, Json.bytes(Map.of(field, items)), null, null);
    }
    return new Result(Outcome.FAIL, 0, null, path + " did not end within " + MAX_PAGES + " pages", null);
  }

  Result send(String method, String path, byte[] body, Map<String, String> headers) {
    boolean read = method.equals("GET");
    try {
      ApiResponse r = client.send(new ApiRequest(method, path, body, headers));
      return new Result(Outcome.OK, r.status(), r.body(), null, r.header("X-Next-Cursor"));
    } catch (RequestRejectedException e) {
      // A read that found nothing is a read all the same.
      if (read && e.status() == 404) return new Result(Outcome.OK, 404, e.body(), null);
      boolean unknown = e.earlierAttemptMayHaveTakenEffect() || (!read && e.status() >= 500);
      return new Result(unknown ? Outcome.INFO : Outcome.FAIL, e.status(), e.body(), "HTTP " + e.status() + " from " + e.manager()
          + ": " + e.getMessage());
    } catch (ClusterUnavailableException e) {
      return new Result(e.mayHaveTakenEffect() ? Outcome.INFO : Outcome.FAIL, 0, null, "gave up: " + e.getMessage());
    }
  }
}
