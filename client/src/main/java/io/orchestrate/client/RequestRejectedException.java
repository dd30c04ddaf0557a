package io.orchestrate.client;

import io.orchestrate.core.api.ErrorCode;

/**
 * A manager answered and said no (4xx, or a 5xx other than 503): the request itself is the problem,
 * so retrying elsewhere would give the same answer. The message is the server's own {@code error}.
 */
public final class RequestRejectedException extends RuntimeException {
  private final int status;
  private final ErrorCode code;
  private final String manager;
  private final byte[] body;
  private final boolean earlierAttemptMayHaveTakenEffect;

  public RequestRejectedException(int status, ErrorCode code, String message, String manager) {
    this(status, code, message, manager, new byte[0], false);
  }

  public RequestRejectedException(int status, ErrorCode code, String message, String manager, byte[] body,
      boolean earlierAttemptMayHaveTakenEffect) {
    super(message);
    this.status = status;
    this.code = code;
    this.manager = manager;
    this.body = body == null ? new byte[0] : body.clone();
    this.earlierAttemptMayHaveTakenEffect = earlierAttemptMayHaveTakenEffect;
  }

  /** The answer's body as the manager sent it (usually the JSON error). */
  public byte[] body() {
    return body.clone();
  }

  /**
   * True when another attempt of the same request went unanswered (or a write got a 503): that
   * attempt may have taken effect, so the refusal alone does not prove the request did nothing (a
   * retried submission refused as a duplicate name, say, or a 401 from a lagging manager kept while
   * another manager took the write and did not answer in time).
   */
  public boolean earlierAttemptMayHaveTakenEffect() {
    return earlierAttemptMayHaveTakenEffect;
  }

  public int status() {
    return status;
  }

  public ErrorCode code() {
    return code;
  }

  /** host:port of the manager that answered. */
  public String manager() {
    return manager;
  }
}
