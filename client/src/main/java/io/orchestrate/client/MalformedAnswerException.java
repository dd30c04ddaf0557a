package io.orchestrate.client;

/** A manager answered 2xx with a body this client cannot read; a version mismatch or a bug, never worth retrying. */
public final class MalformedAnswerException extends RuntimeException {
  public MalformedAnswerException(String message, Throwable cause) {
    super(message, cause);
  }
}
