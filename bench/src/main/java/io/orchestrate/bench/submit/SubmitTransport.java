package io.orchestrate.bench.submit;

import java.util.concurrent.CompletableFuture;

/**
 * Sends job submissions to one manager over keep-alive HTTP/1.1. A lane is one client of the
 * benchmark: it has at most one request in flight, so an implementation may give each lane its own
 * connection. The future completes with the answer, or exceptionally on timeout or I/O failure.
 */
public interface SubmitTransport extends AutoCloseable {
  CompletableFuture<Answer> submit(int lane, byte[] jsonBody, String idempotencyKey);

  /** Whether {@code threadName} is one of this client's threads, so its CPU use can be told apart from the managers'. */
  boolean ownsThread(String threadName);

  /** How the summary names this client, e.g. {@code netty, 1 I/O thread}. */
  String describe();

  @Override
  void close();
}
