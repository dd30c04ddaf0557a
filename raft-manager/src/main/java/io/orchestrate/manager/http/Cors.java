package io.orchestrate.manager.http;

import io.orchestrate.core.model.ManagerInfo;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cross-origin reads for the web UI, which is loaded from one manager and, to follow the leader,
 * calls the others. Only the cluster's own managers are allowed origins: an {@code Origin} whose
 * {@code host:port} is a manager's published API address (and whose scheme is this API's). A page
 * from anywhere else gets no CORS header and cannot read an answer, so a stranger's page cannot,
 * for one, read the answer to an open {@code POST /v1/acl/bootstrap} through a visitor's browser.
 * Credentials are not allowed: the UI authenticates with a bearer token that a browser never
 * attaches by itself.
 */
final class Cors {
  static final String ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, Last-Event-ID";
  static final String EXPOSE_HEADERS = "X-Orchestrate-Index, X-Next-Cursor, Location, Retry-After, X-Orchestrate-Node";

  private final Supplier<Iterable<ManagerInfo>> managers;
  private final String scheme;

  Cors(Supplier<Iterable<ManagerInfo>> managers, String scheme) {
    this.managers = managers;
    this.scheme = scheme;
  }

  /** True for an {@code OPTIONS} preflight: answered here, before any token is asked for (a browser sends none). */
  static boolean isPreflight(ApiRequest r) {
    return r.method().equals("OPTIONS") && r.header("Origin") != null && r.header("Access-Control-Request-Method") != null;
  }

  /** The preflight's answer: 204, with the allowing headers only for an allowed origin. */
  ApiResponse preflight(ApiRequest r) {
    ApiResponse resp = new ApiResponse(204, new byte[0], "text/plain", Map.of());
    if (!allowed(r.header("Origin"))) return resp;
    return decorate(r, resp)
        .withHeader("Access-Control-Allow-Methods", "GET, POST, DELETE")
        .withHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
        .withHeader("Access-Control-Max-Age", "600");
  }

  /** {@code resp} with the headers that let an allowed origin read it; unchanged for any other. */
  ApiResponse decorate(ApiRequest r, ApiResponse resp) {
    String origin = r == null ? null : r.header("Origin");
    if (!allowed(origin)) return resp;
    return resp.withHeader("Access-Control-Allow-Origin", origin)
        .withHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS)
        .withHeader("Vary", "Origin");
  }

  boolean allowed(String origin) {
    if (origin == null) return false;
    String prefix = scheme + "://";
    if (!origin.toLowerCase(Locale.ROOT).startsWith(prefix)) return false;
    String hostPort = origin.substring(prefix.length());
    for (ManagerInfo m : managers.get()) {
      if (m.apiAddress() != null && m.apiAddress().equalsIgnoreCase(hostPort)) return true;
    }
    return false;
  }
}
