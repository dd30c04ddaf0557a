package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.manager.raft.RaftNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns commands from many concurrent callers into few log entries. One proposer thread takes
 * whatever has queued up (at most {@code batchMax}), proposes it as one {@link io.orchestrate.core.command.CommandBatch} and
 * goes on without waiting for the commit, keeping at most {@code maxInflight} batches in flight.
 * Under load, batches grow by themselves while earlier ones replicate: one fsync and one round
 * trip serve many callers. An idle caller still gets a single-command entry at once.
 */
public final class Proposer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Proposer.class);

  private record Pending(byte[] bytes, EntryFormat format, CompletableFuture<CommandResult> future, long proposedNanos) {}

  /** Told how long each proposal took, from {@link #propose} to its commit and apply here, or to its failure. */
  public interface Observer {
    Observer NONE = (committed, nanos) -> {};

    void finished(boolean committed, long nanos);
  }

  private final RaftNode raft;
  private final int batchMax;
  /** No entry this proposer builds is larger; a batch closes before the command that would pass it. */
  private final int maxEntryBytes;
  private final Semaphore inflight;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
  private final Thread thread;
  /**
   * Where callers' futures complete. Ratis completes the write on the state machine's apply
   * thread; what callers chain on their futures (rendering a job, encoding and writing the HTTP
   * answer) would otherwise run there too, between one log entry's apply and the next.
   */
  private final java.util.concurrent.ExecutorService replies;
  private volatile boolean running = true;
  private final Observer observer;
  /** The cluster's active feature level as this manager has applied it: it decides the entries' format. */
  private final java.util.function.IntSupplier activeLevel;

  public Proposer(RaftNode raft, int batchMax, int maxInflight, int maxEntryBytes, java.util.function.IntSupplier activeLevel) {
    this(raft, batchMax, maxInflight, maxEntryBytes, activeLevel, Observer.NONE);
  }

  public Proposer(RaftNode raft, int batchMax, int maxInflight, int maxEntryBytes, java.util.function.IntSupplier activeLevel,
      Observer observer) {
    this.raft = raft;
    this.activeLevel = java.util.Objects.requireNonNull(activeLevel, "activeLevel");
    this.observer = java.util.Objects.requireNonNull(observer, "observer");
    this.batchMax = batchMax;
    this.maxEntryBytes = maxEntryBytes;
    this.inflight = new Semaphore(maxInflight);
    this.thread = DaemonThreads.daemon(this::loop, "proposer-" + raft.selfId());
    // After close, a late reply runs on the completing thread rather than being lost.
    this.replies = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        DaemonThreads.named("proposer-replies-" + raft.selfId()), (work, executor) -> work.run());
  }

  public void start() {
    thread.start();
  }

  /**
   * Proposes one command; the future completes with its result once committed and applied here.
   * The command is encoded on the caller's thread (callers are many, the proposer thread one), in
   * the format the applied feature level allows (Smile once every manager reads it: the level never
   * falls, so the leader's gate, at a level at least this one, lets it in); one that could not fit
   * an entry even alone fails at once with 413.
   */
  public CompletableFuture<CommandResult> propose(Command c) {
    CompletableFuture<CommandResult> f = new CompletableFuture<>();
    EntryFormat format = EntryFormat.forLevel(activeLevel.getAsInt());
    byte[] bytes = CommandCodec.encode(c, format);
    if (bytes.length + CommandCodec.BATCH_OVERHEAD > maxEntryBytes) {
      f.completeExceptionally(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the " + c.type().tag() + " command encodes to "
          + bytes.length + " bytes, more than a log entry may hold (" + maxEntryBytes + " bytes, --max-entry-bytes)"));
    } else if (!running || !queue.offer(new Pending(bytes, format, f, System.nanoTime()))) {
      f.completeExceptionally(ApiException.unavailable("manager is overloaded or shutting down"));
    }
    return f;
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(batchMax);
    while (running) {
      try {
        inflight.acquire();
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          inflight.release();
          continue;
        }
        batch.add(first);
        fill(batch, first.bytes().length);
        send(List.copyOf(batch));
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("proposer failed to send a batch", e);
        batch.forEach(p -> p.future().completeExceptionally(e));
        batch.clear();
        inflight.release();
      }
    }
    Pending p;
    while ((p = queue.poll()) != null) p.future().completeExceptionally(ApiException.unavailable("manager is shutting down"));
  }

  /**
   * Adds queued commands while the batch stays within {@code batchMax} commands and the entry limit,
   * and in the first one's format (commands encoded before and after the level rose to Smile go
   * in separate entries).
   */
  private void fill(List<Pending> batch, int bytes) {
    int budget = maxEntryBytes - CommandCodec.BATCH_OVERHEAD;
    EntryFormat format = batch.get(0).format();
    Pending next;
    while (batch.size() < batchMax && (next = queue.peek()) != null && next.format() == format && bytes + 1 + next.bytes().length <= budget) {
      batch.add(queue.poll()); // the only consumer: what was peeked is what is polled
      bytes += 1 + next.bytes().length;
    }
  }

  private void send(List<Pending> batch) {
    byte[] entry = batch.size() == 1 ? batch.get(0).bytes() : CommandCodec.encodeBatch(batch.stream().map(Pending::bytes).toList());
    CompletableFuture<RaftClientReply> f;
    try {
      f = raft.submitWrite(entry);
    } catch (Exception e) {
      inflight.release();
      fail(batch, ApiException.unavailable("cannot reach the local Raft server: " + e.getMessage()));
      return;
    }
    f.whenComplete((reply, err) -> {
      inflight.release();
      // Timed where Ratis answers, before the hop to the reply thread: the latency of the log, not of the queue behind it.
      long now = System.nanoTime();
      boolean committed = err == null && reply.isSuccess();
      for (Pending p : batch) observer.finished(committed, now - p.proposedNanos());
    }).whenCompleteAsync((reply, err) -> {
      if (err != null) {
        fail(batch, ApiException.unavailable("write failed: " + err.getMessage()));
      } else {
        complete(batch, reply);
      }
    }, replies);
  }

  private static void complete(List<Pending> batch, RaftClientReply reply) {
    if (!reply.isSuccess()) {
      fail(batch, translate(reply));
      return;
    }
    CommandResult r = CommandCodec.decodeResult(reply.getMessage().getContent().toByteArray());
    if (batch.size() == 1) {
      batch.get(0).future().complete(r);
      return;
    }
    List<CommandResult> results = ((CommandResult.Batch) r).results();
    for (int i = 0; i < batch.size(); i++) batch.get(i).future().complete(results.get(i));
  }

  /** Maps a failed Raft reply to what the caller should be told. */
  static ApiException translate(RaftClientReply reply) {
    NotLeaderException nle = reply.getNotLeaderException();
    if (nle != null) {
      String leader = nle.getSuggestedLeader() == null ? null : nle.getSuggestedLeader().getId().toString();
      return new ApiException(ErrorCode.NOT_LEADER, "this manager is not the leader", leader);
    }
    RaftException e = reply.getException();
    if (e instanceof LeaderNotReadyException) return ApiException.unavailable("the new leader is not ready yet");
    if (e != null && e.getCause() instanceof io.orchestrate.manager.raft.RefusedEntryException refused) {
      // The leader's entry gate refused what this manager proposed: a check the services missed.
      ErrorCode code = switch (refused.reason()) {
        case TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
        case FEATURE_LEVEL -> ErrorCode.CONFLICT;
        default -> ErrorCode.BAD_REQUEST;
      };
      return new ApiException(code, refused.getMessage());
    }
    return ApiException.unavailable(e == null ? "unknown Raft error" : e.getMessage());
  }

  private static void fail(List<Pending> batch, Throwable t) {
    batch.forEach(p -> p.future().completeExceptionally(t));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
    replies.shutdown();
  }
}
