package io.orchestrate.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orchestrate.core.util.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} in the Prometheus text format on the JDK's HTTP server: one small
 * endpoint does not justify a second Netty pipeline. When given one, it also serves the worker's
 * copy journal read-only at {@code GET /v1/copies} (JSON). One daemon thread answers requests.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  public static final String COPIES_PATH = "/v1/copies";

  public MetricsServer(InetSocketAddress bind, Supplier<String> scrape) {
    this(bind, scrape, null);
  }

  /** @param copies the body of {@code GET /v1/copies}, or null to serve only {@code /metrics} */
  public MetricsServer(InetSocketAddress bind, Supplier<String> scrape, Supplier<byte[]> copies) {
    try {
      server = HttpServer.create(bind, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("worker metrics cannot listen on " + bind + ": " + e.getMessage(), e);
    }
    executor = Executors.newSingleThreadExecutor(DaemonThreads.named("worker-metrics"));
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        boolean copiesPath = copies != null && COPIES_PATH.equals(path);
        if (!"/metrics".equals(path) && !copiesPath) {
          reply(exchange, 404, "not found: " + path + "\n");
        } else if (!"GET".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "GET");
          reply(exchange, 405, "only GET\n");
        } else if (copiesPath) {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          reply(exchange, 200, copies.get());
        } else {
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          reply(exchange, 200, scrape.get());
        }
      }
    });
    server.start();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    reply(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The bound address (the real port when asked for port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
