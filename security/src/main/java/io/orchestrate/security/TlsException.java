package io.orchestrate.security;

/**
 * TLS material that cannot be used: a missing or unreadable file, a key that does not match its
 * certificate, an expired certificate, a CA that would be overwritten. The message names the file
 * and what is wrong with it, and is meant to be shown to the operator as it is.
 */
public class TlsException extends RuntimeException {
  public TlsException(String message) {
    super(message);
  }

  public TlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
