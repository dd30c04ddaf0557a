package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;

/**
 * A request that cannot be served, with the kind of error the HTTP layer maps to a status.
 * {@code leaderId} is set for {@link ErrorCode#NOT_LEADER} when this manager knows who leads.
 */
public final class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final String leaderId;

  public ApiException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public ApiException(ErrorCode code, String message, String leaderId) {
    super(message, null, false, false);
    this.code = code;
    this.leaderId = leaderId;
  }

  public ErrorCode code() {
    return code;
  }

  public String leaderId() {
    return leaderId;
  }

  public static ApiException unavailable(String message) {
    return new ApiException(ErrorCode.UNAVAILABLE, message);
  }
}
