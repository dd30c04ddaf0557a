package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.service.ApiException;
import io.orchestrate.manager.service.Leadership;
import io.orchestrate.security.Identity;
import io.orchestrate.security.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;

/**
 * A follower's way of answering what only the leader can: it sends the request to the leader's
 * API itself and hands the leader's answer back, so a client talking to any manager gets its
 * answer without a redirect, and is never sent to a leader that just died.
 *
 * <p>One hop only. A forwarded request carries {@link #FORWARDED_BY} (the forwarding manager's
 * id); a manager that is not the leader either answers it 503 instead of forwarding it again, so
 * two managers with stale ideas of the leader cannot pass a request back and forth. When no leader
 * is known, its address is not in the state, or it cannot be reached, the answer is a quick 503
 * with {@code Retry-After}: the client retries, by then against a new leader.
 *
 * <p>Identity is kept, never lent: the forwarded request carries the caller's own token, which
 * the leader checks like any other (the follower checked it too, before forwarding, so a request
 * without a valid token is never forwarded). Over TLS the hop is made with this manager's own
 * certificate, and a manager takes {@link #FORWARDED_BY} only from a peer whose certificate is a
 * manager's of that name ({@link #refusal}); the header only ever narrows what a request may do
 * (no second hop), and no route grants anything to a manager's certificate, so a client that sends
 * it gains nothing and is refused.
 *
 * <p>Thread-safe: the HTTP client is shared by the API's event loops.
 */
final class LeaderForward {
  static final String FORWARDED_BY = "X-Orchestrate-Forwarded-By";
  /** A connection to the leader that is not made in this time fails the forward with a 503. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** Hop-by-hop headers and those the JDK client sets itself: never copied either way. */
  private static final Set<String> NOT_COPIED = Set.of("connection", "content-length", "expect", "host", "upgrade", "keep-alive",
      "transfer-encoding", "te", "trailer", "proxy-authorization", "proxy-authenticate", "content-type", "date",
      FORWARDED_BY.toLowerCase(Locale.ROOT));

  private final Leadership leadership;
  private final String selfId;
  private final String scheme;
  private final HttpClient http;
  private final Duration requestTimeout;

  /**
   * @param tls     this manager's client context (its own certificate, managers trusted), or null for plain HTTP
   * @param timeout how long the leader may take to answer a forwarded request
   */
  LeaderForward(Leadership leadership, String selfId, SSLContext tls, Duration timeout) {
    this.leadership = leadership;
    this.selfId = selfId;
    this.scheme = tls == null ? "http" : "https";
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) b.sslContext(tls);
    this.http = b.build();
    this.requestTimeout = timeout;
  }

  /**
   * The refusal of a request that names a forwarding manager it did not come from, or null. With
   * TLS ({@code tls}), the peer must hold a manager's certificate with the name the header gives;
   * in plain text (run with {@code --insecure}) nobody has an identity and the header is taken as
   * it is, since it can only narrow what the request may do.
   */
  static ApiResponse refusal(ApiRequest req, boolean tls, Identity peer) {
    String by = req.header(FORWARDED_BY);
    if (by == null || !tls) return null;
    if (peer != null && peer.role() == Role.MANAGER && peer.name().equals(by)) return null;
    return ApiResponse.error(ErrorCode.FORBIDDEN, FORWARDED_BY + " is accepted only from the manager it names, over its own certificate");
  }

  /**
   * What to answer when a route failed with {@code failure}: for NOT_LEADER, the leader's answer
   * to the same request (or a 503 when it cannot be had); any other failure is passed on as it is.
   */
  CompletableFuture<ApiResponse> onFailure(Throwable failure, ApiRequest req) {
    Throwable t = unwrap(failure);
    if (!(t instanceof ApiException e) || e.code() != ErrorCode.NOT_LEADER) return CompletableFuture.failedFuture(failure);
    String leader = e.leaderId();
    if (req.header(FORWARDED_BY) != null) {
      return done(unavailable("manager " + selfId + " got a request forwarded by " + req.header(FORWARDED_BY)
          + " but is not the leader (it believes " + leader + " is); requests are forwarded once only"));
    }
    String api = leadership.leaderApi(leader);
    if (leader == null || api == null) {
      return done(unavailable(leader == null ? "no leader is elected" : "the address of leader " + leader + " is not known yet"));
    }
    HttpRequest out;
    try {
      out = request(req, URI.create(scheme + "://" + api + req.uri()));
    } catch (IllegalArgumentException bad) {
      return done(ApiResponse.error(ErrorCode.BAD_REQUEST, "this request cannot be forwarded to the leader: " + bad.getMessage()));
    }
    return http.sendAsync(out, HttpResponse.BodyHandlers.ofByteArray())
        .handle((resp, err) -> err == null ? answer(resp)
            : unavailable("the leader " + leader + " at " + api + " is not reachable from manager " + selfId + " (" + describe(err) + ")"));
  }

  private HttpRequest request(ApiRequest req, URI uri) {
    HttpRequest.BodyPublisher body = req.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(req.body());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).method(req.method(), body);
    for (Map.Entry<String, String> h : req.headers().entrySet()) {
      if (!NOT_COPIED.contains(h.getKey())) b.header(h.getKey(), h.getValue());
    }
    String type = req.header("content-type");
    if (type != null) b.header("Content-Type", type);
    return b.header(FORWARDED_BY, selfId).build();
  }

  private static ApiResponse answer(HttpResponse<byte[]> resp) {
    Map<String, String> headers = new LinkedHashMap<>();
    resp.headers().map().forEach((name, values) -> {
      String n = name.toLowerCase(Locale.ROOT);
      if (!NOT_COPIED.contains(n) && !n.startsWith(":") && !values.isEmpty()) headers.put(name, values.get(0));
    });
    String type = resp.headers().firstValue("content-type").orElse(ApiResponse.JSON);
    return new ApiResponse(resp.statusCode(), resp.body(), type, headers);
  }

  private static ApiResponse unavailable(String message) {
    return ApiResponse.error(ErrorCode.UNAVAILABLE, message).withHeader("Retry-After", ErrorMapping.RETRY_AFTER_SECONDS);
  }

  private static String describe(Throwable err) {
    Throwable t = unwrap(err);
    String m = t.getMessage();
    if (t instanceof java.net.ConnectException) return "connection refused or timed out";
    if (t instanceof java.net.http.HttpTimeoutException) return "no answer in " + CONNECT_TIMEOUT.toMillis() + " ms or the request's time";
    if (t instanceof IOException) return m == null ? t.getClass().getSimpleName() : m;
    return t.getClass().getSimpleName();
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
    return t;
  }

  private static CompletableFuture<ApiResponse> done(ApiResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
