package io.orchestrate.core.api;

/** Error kinds shared by the HTTP API ({@code {"error": ..., "code": ...}}) and the CLI's exit codes. */
public enum ErrorCode {
  INVALID_SPEC("invalid_spec", 400),
  BAD_REQUEST("bad_request", 400),
  UNAUTHENTICATED("unauthenticated", 401),
  FORBIDDEN("forbidden", 403),
  NOT_FOUND("not_found", 404),
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  REQUEST_TIMEOUT("request_timeout", 408),
  CONFLICT("conflict", 409),
  /** Events older than a manager's window: re-list the state, then stream from its index. */
  GONE("gone", 410),
  PAYLOAD_TOO_LARGE("payload_too_large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
  /** A bounded resource (relayed log streams, say) is all in use; retry after the Retry-After seconds. */
  TOO_MANY_REQUESTS("too_many_requests", 429),
  NOT_LEADER("not_leader", 307),
  UNAVAILABLE("unavailable", 503),
  INTERNAL("internal", 500);

  private final String wire;
  private final int httpStatus;

  ErrorCode(String wire, int httpStatus) {
    this.wire = wire;
    this.httpStatus = httpStatus;
  }

  public String wire() {
    return wire;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public static ErrorCode byWire(String wire) {
    for (ErrorCode c : values()) {
      if (c.wire.equals(wire)) return c;
    }
    return INTERNAL;
  }
}
