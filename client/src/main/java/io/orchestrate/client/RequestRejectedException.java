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

  public RequestRejectedException(int status, ErrorCode code, String message, String manager) {
    super(message);
    this.status = status;
    this.code = code;
    this.manager = manager;
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
