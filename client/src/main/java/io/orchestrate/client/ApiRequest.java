package io.orchestrate.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One API call, independent of which manager will answer it: the client re-sends the same method,
 * body and headers to every manager it tries and to every redirect target.
 *
 * @param path    path and query, e.g. {@code /v1/tasks?job=j-1}
 * @param body    null for no body
 * @param headers extra headers (Content-Type, Idempotency-Key)
 */
public record ApiRequest(String method, String path, byte[] body, Map<String, String> headers) {
  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /: " + path);
    headers = Map.copyOf(headers);
  }

  public static ApiRequest get(String path) {
    return new ApiRequest("GET", path, null, Map.of());
  }

  public static ApiRequest delete(String path) {
    return new ApiRequest("DELETE", path, null, Map.of());
  }

  public static ApiRequest post(String path, byte[] body, String contentType) {
    return new ApiRequest("POST", path, body, Map.of("Content-Type", contentType));
  }

  public ApiRequest withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiRequest(method, path, body, h);
  }

  /** The same request with {@code name=value} added to the query string (value percent-encoded). */
  public ApiRequest withQuery(String name, String value) {
    String sep = path.contains("?") ? "&" : "?";
    return new ApiRequest(method, path + sep + name + "=" + Paths.encode(value), body, headers);
  }

  public boolean isRead() {
    return method.equals("GET");
  }
}
