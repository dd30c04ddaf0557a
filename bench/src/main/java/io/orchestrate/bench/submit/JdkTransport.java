package io.orchestrate.bench.submit;

import io.orchestrate.core.util.DaemonThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's {@link HttpClient} in HTTP/1.1 mode, kept as the comparison for {@link NettyTransport}:
 * its pool keeps one connection per concurrent request alive. Lanes are not needed here.
 */
public final class JdkTransport implements SubmitTransport {
  private static final String THREAD_PREFIX = "bench-jdk";

  private final URI jobs;
  private final Duration timeout;
  private final int threads;
  private final ExecutorService executor;
  private final HttpClient http;

  private final String authorization;
  private final boolean tls;

  public JdkTransport(URI target, int threads, Duration timeout) {
    this(target, threads, timeout, Credentials.PLAIN);
  }

  public JdkTransport(URI target, int threads, Duration timeout, Credentials credentials) {
    this.jobs = target.resolve("/v1/jobs");
    this.timeout = timeout;
    this.threads = threads;
    this.executor = Executors.newFixedThreadPool(threads, DaemonThreads.numbered(THREAD_PREFIX));
    this.authorization = credentials.token() == null ? null : "Bearer " + credentials.token();
    this.tls = credentials.tls();
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout)
        .executor(executor);
    if (tls) b.sslContext(credentials.jdk());
    this.http = b.build();
  }

  @Override
  public CompletableFuture<Answer> submit(int lane, byte[] jsonBody, String idempotencyKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(jobs)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofByteArray(jsonBody));
    if (authorization != null) b.header("Authorization", authorization);
    HttpRequest req = b.build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Answer(r.statusCode(), r.statusCode() == Answer.COMMITTED ? null : r.body()));
  }

  @Override
  public boolean ownsThread(String threadName) {
    // The client's selector thread is named by the JDK: HttpClient-N-SelectorManager.
    return threadName.startsWith(THREAD_PREFIX) || threadName.startsWith("HttpClient-");
  }

  @Override
  public String describe() {
    return "jdk HttpClient" + (tls ? " over TLS" : "") + ", " + threads + " executor thread" + (threads == 1 ? "" : "s");
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
