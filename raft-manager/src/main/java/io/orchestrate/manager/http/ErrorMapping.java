package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.manager.service.ApiException;
import io.orchestrate.manager.service.Leadership;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into HTTP answers: NOT_LEADER, which the API forwards to the
 * leader ({@link LeaderForward}) and so reaches here only where nothing forwards, becomes a 307 to
 * the leader's API (or a 503 when its address is not known yet), a timeout or lost quorum a 503 with
 * Retry-After, a full bounded resource a 429 with Retry-After, an invalid job file a 400 naming the field. Anything else is a bug here, logged
 * with an id that the answer names; the answer never carries the exception's text or class.
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
  static final String RETRY_AFTER_SECONDS = "1";
  /** After a 429: a slot comes back when some client's stream ends, which is rarely within a second. */
  static final String RETRY_AFTER_BUSY_SECONDS = "5";

  private final Leadership leadership;

  /** "https" when the API takes TLS, so that a redirect to the leader stays on it. */
  private final String scheme;

  ErrorMapping(Leadership leadership) {
    this(leadership, "http");
  }

  ErrorMapping(Leadership leadership, String scheme) {
    this.scheme = scheme;
    this.leadership = leadership;
  }

  ApiResponse map(Throwable t, ApiRequest req) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof InvalidSpecException e) return ApiResponse.error(ErrorCode.INVALID_SPEC, e.getMessage());
    if (t instanceof TimeoutException) {
      return ApiResponse.error(ErrorCode.UNAVAILABLE, "the cluster did not answer in time; it may have lost its quorum")
          .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    if (t instanceof ApiException e) {
      if (e.code() == ErrorCode.NOT_LEADER) return redirect(e, req);
      ApiResponse r = ApiResponse.error(e.code(), e.getMessage());
      if (e.code() == ErrorCode.TOO_MANY_REQUESTS) return r.withHeader("Retry-After", RETRY_AFTER_BUSY_SECONDS);
      return e.code() == ErrorCode.UNAVAILABLE ? r.withHeader("Retry-After", RETRY_AFTER_SECONDS) : r;
    }
    // The exception stays in the log: its text and class may tell a stranger about the code or the data.
    String id = errorId();
    LOG.error("request {} {} failed (error id {})", req.method(), req.uri(), id, t);
    return ApiResponse.error(ErrorCode.INTERNAL, "internal error (id " + id + "); the manager's log has the details under that id");
  }

  /** Short and random, so that an operator can find the log line and a client learns nothing from it. */
  static String errorId() {
    return String.format("%012x", java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
  }

  private ApiResponse redirect(ApiException e, ApiRequest req) {
    String leader = e.leaderId();
    String api = leadership.leaderApi(leader);
    if (api == null) {
      return ApiResponse.error(ErrorCode.UNAVAILABLE,
              leader == null ? "no leader is elected" : "leader " + leader + " has not published its API address yet")
          .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    ErrorBody body = new ErrorBody("this manager is not the leader; the leader is " + leader + " at " + api,
        ErrorCode.NOT_LEADER.wire(), leader, api);
    return ApiResponse.json(307, body).withHeader("Location", scheme + "://" + api + req.uri());
  }
}
