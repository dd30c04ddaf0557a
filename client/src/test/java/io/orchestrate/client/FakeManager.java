package io.orchestrate.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in for one manager's HTTP API on 127.0.0.1, playing the part a test gives it: leader
 * (answers from canned routes), follower (307 to its leader), no quorum (503 + Retry-After) or hung
 * (accepts, never answers). Records every request it receives.
 */
public final class FakeManager implements AutoCloseable {
  public enum Mode { LEADER, FOLLOWER, NO_QUORUM, HANG }

  public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    /** A query parameter's first value, decoded; null when absent. */
    public String param(String name) {
      if (query == null) return null;
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if (k.equals(name)) return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
      return null;
    }

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
      }
      return null;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public record Answer(int status, Map<String, String> headers, String body) {}

  private final String id;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Answer> routes = new ConcurrentHashMap<>();
  private final Map<String, Function<Request, Answer>> handlers = new ConcurrentHashMap<>();
  private final Deque<Answer> next = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Mode mode = Mode.LEADER;
  private volatile FakeManager leader;
  private volatile int retryAfterSeconds = 1;

  private FakeManager(String id) throws IOException {
    this.id = id;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static FakeManager start(String id) {
    try {
      return new FakeManager(id);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An address where nothing listens: connecting is refused. */
  public static String closedAddress() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "127.0.0.1:" + s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String id() {
    return id;
  }

  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeManager followerOf(FakeManager l) {
    this.leader = l;
    this.mode = Mode.FOLLOWER;
    return this;
  }

  public FakeManager noQuorum(int retryAfter) {
    this.retryAfterSeconds = retryAfter;
    this.mode = Mode.NO_QUORUM;
    return this;
  }

  public FakeManager hanging() {
    this.mode = Mode.HANG;
    return this;
  }

  public FakeManager leading() {
    this.mode = Mode.LEADER;
    return this;
  }

  /** As leader, answer {@code METHOD path} (query ignored) with this status and body (a String is sent as-is, anything else as JSON). */
  public FakeManager answer(String method, String path, int status, Object body) {
    routes.put(method + " " + path, new Answer(status, Map.of(), text(body)));
    return this;
  }

  /** As leader, answer {@code METHOD path} with whatever {@code handler} makes of each request (its query, say). */
  public FakeManager route(String method, String path, Function<Request, Answer> handler) {
    handlers.put(method + " " + path, handler);
    return this;
  }

  /** An answer with this status, headers and body (a String is sent as-is, anything else as JSON). */
  public static Answer reply(int status, Map<String, String> headers, Object body) {
    return new Answer(status, headers, text(body));
  }

  /** The next request, whatever it is and whatever the mode, gets this answer. */
  public FakeManager answerNext(int status, Map<String, String> headers, Object body) {
    synchronized (next) {
      next.add(new Answer(status, headers, text(body)));
    }
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
          Map.copyOf(ex.getRequestHeaders()), body);
      requests.add(req);
      Answer a;
      synchronized (next) {
        a = next.poll();
      }
      Function<Request, Answer> handler = handlers.get(req.method() + " " + req.path());
      if (a == null && mode == Mode.LEADER && handler != null) a = handler.apply(req);
      if (a == null) a = byMode(ex);
      if (a == null) return;
      a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
      if (out.length > 0) ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) ex.getResponseBody().write(out);
    }
  }

  private Answer byMode(HttpExchange ex) {
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    switch (mode) {
      case HANG -> {
        try {
          released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      }
      case NO_QUORUM -> {
        return new Answer(503, Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
            Json.string(new ErrorBody("no leader: waiting for a quorum", ErrorCode.UNAVAILABLE)));
      }
      case FOLLOWER -> {
        FakeManager l = leader;
        String location = "http://" + l.address() + path + (query == null ? "" : "?" + query);
        return new Answer(307, Map.of("Location", location),
            Json.string(new ErrorBody("not the leader; leader is " + l.id(), "not_leader", l.id(), l.address())));
      }
      default -> {
        Answer a = routes.get(ex.getRequestMethod() + " " + path);
        return a != null ? a : new Answer(404, Map.of(),
            Json.string(new ErrorBody("no route " + ex.getRequestMethod() + " " + path, ErrorCode.NOT_FOUND)));
      }
    }
  }

  private static String text(Object body) {
    return body == null ? null : body instanceof String s ? s : Json.string(body);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
