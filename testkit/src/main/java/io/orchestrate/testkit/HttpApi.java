package io.orchestrate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A raw HTTP client for tests: sends exactly one request to one address and returns what came
 * back, redirects included, so tests can assert on 307s and error bodies.
 */
public final class HttpApi {
  private final HttpClient http;
  private final String scheme;

  /** Plain HTTP. */
  public HttpApi() {
    this(null);
  }

  /** HTTPS with {@code tls} (a client certificate and the cluster CA), or plain HTTP if it is null. */
  public HttpApi(javax.net.ssl.SSLContext tls) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(2));
    if (tls != null) b.sslContext(tls);
    this.http = b.build();
    this.scheme = tls == null ? "http" : "https";
  }

  /** What came back. */
  public record Reply(int status, Map<String, java.util.List<String>> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return Json.lenient().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + text(), e);
      }
    }

    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
      }
      return null;
    }
  }

  public Reply get(String address, String path) {
    return send("GET", address, path, null, Map.of());
  }

  /** Headers an API token goes in: {@code Authorization: Bearer TOKEN}, or none for null. */
  public static Map<String, String> bearer(String token) {
    return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }

  public Reply delete(String address, String path) {
    return send("DELETE", address, path, null, Map.of());
  }

  public Reply post(String address, String path, byte[] body, Map<String, String> headers) {
    return send("POST", address, path, body, headers);
  }

  public Reply send(String method, String address, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://" + address + path)).timeout(Duration.ofSeconds(15));
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + address + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends a write and follows at most {@code maxHops} 307s, as a well-behaved client would. */
  public Reply postFollowing(String address, String path, byte[] body, Map<String, String> headers, int maxHops) {
    Reply r = post(address, path, body, headers);
    for (int hop = 0; hop < maxHops && r.status() == 307; hop++) {
      URI next = URI.create(r.header("Location"));
      r = post(next.getHost() + ":" + next.getPort(), next.getRawPath(), body, headers);
    }
    return r;
  }
}
