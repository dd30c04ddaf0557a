package io.orchestrate.bench.submit;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Names the kind of a failed submission, so the summary can count errors by kind rather than list them. */
public final class ErrorKinds {
  private ErrorKinds() {}

  /** {@code HTTP 503 unavailable}: the status and, when the body is the API's error JSON, its code. */
  public static String of(Answer a) {
    String code = code(a.errorBody());
    return "HTTP " + a.status() + (code == null ? "" : " " + code);
  }

  public static String of(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) c = c.getCause();
    if (c instanceof TimeoutException || c instanceof java.net.http.HttpTimeoutException) return "timeout";
    if (c instanceof ConnectException) return "connect failed";
    if (c instanceof ClosedChannelException) return "connection closed";
    if (c instanceof IOException && c.getMessage() != null && c.getMessage().toLowerCase().contains("closed")) return "connection closed";
    return c.getClass().getSimpleName();
  }

  private static String code(byte[] body) {
    if (body == null || body.length == 0) return null;
    try {
      JsonNode n = Json.lenient().readTree(body);
      return n == null ? null : n.path("code").asText(null);
    } catch (IOException e) {
      return null;
    }
  }
}
