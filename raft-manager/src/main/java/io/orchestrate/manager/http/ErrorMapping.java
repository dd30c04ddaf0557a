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
 * The one place that turns failures into HTTP answers: NOT_LEADER becomes a 307 to the leader's
 * API (or a 503 when its address is not known yet), a timeout or lost quorum a 503 with
 * Retry-After, an invalid job file a 400 naming the field.
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
  static final String RETRY_AFTER_SECONDS = "1";

  private final Leadership leadership;

  ErrorMapping(Leadership leadership) {
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
      return e.code() == ErrorCode.UNAVAILABLE ? r.withHeader("Retry-After", RETRY_AFTER_SECONDS) : r;
    }
    LOG.error("request {} {} failed", req.method(), req.uri(), t);
    return ApiResponse.error(ErrorCode.INTERNAL, "internal error: " + t);
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
    return ApiResponse.json(307, body).withHeader("Location", "http://" + api + req.uri());
  }
}
