package io.orchestrate.manager.http;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the routes see it: decoded path segments, query and body already read.
 * {@code peer} is the client's address as this manager sees it, or null where no connection is at
 * hand (a request built in a test or relayed by another manager).
 */
public record ApiRequest(String method, String uri, List<String> segments, Map<String, List<String>> query,
    Map<String, String> headers, byte[] body, String peer) {

  public ApiRequest(String method, String uri, List<String> segments, Map<String, List<String>> query,
      Map<String, String> headers, byte[] body) {
    this(method, uri, segments, query, headers, body, null);
  }

  public String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public boolean stale() {
    String s = param("stale");
    return s != null && (s.isEmpty() || s.equalsIgnoreCase("true") || s.equals("1"));
  }

  /** Method and URI only: headers may carry a token, and bodies secrets, that no log line may show. */
  @Override
  public String toString() {
    return "ApiRequest[" + method + " " + uri + "]";
  }

  /** Header lookup, case-insensitive (names are stored lower-case). */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
