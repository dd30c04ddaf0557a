package io.orchestrate.manager.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.orchestrate.core.codec.Json;
import io.orchestrate.gateway.protocol.LogChunk;
import io.orchestrate.gateway.protocol.LogLine;
import io.orchestrate.manager.logs.LogStreamSlots;
import io.orchestrate.manager.logs.TaskLogRelays;
import io.orchestrate.manager.session.NodeSessions;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client's task output stream: the HTTP side of a {@link TaskLogRelays} stream. Each chunk
 * from the worker is written as it comes; once the client's socket has taken it, its cost goes back
 * to the worker as credit. A client that stops reading therefore stops the worker too, and this
 * manager holds at most the stream's window of it ({@link io.orchestrate.gateway.protocol.LogLimits#WINDOW_BYTES}),
 * however long the client stays. The stream ends with the worker's last chunk ({@code {"end":true}}
 * in NDJSON); a stream cut without it (the worker's connection or this manager went away) is for
 * the client to resume with {@code since} and {@code skip}.
 *
 * <p>A client that takes nothing of what was written to it for
 * {@link io.orchestrate.manager.config.LogRelayLimits#slowClientTimeout} is cut off, which cancels the
 * worker's side too; a client with nothing to read (a quiet task) is not. The stream's
 * {@link LogStreamSlots.Slot} goes back when the connection closes, or at {@link #abandon} if it never opened.
 *
 * <p>Threads: {@link #start} and every write run on the client connection's event loop, which owns
 * every field; chunks from the gateway hop onto it.
 */
final class TaskLogStream extends ChannelInboundHandlerAdapter implements ApiResponse.Streaming, TaskLogRelays.Relay {
  private final TaskLogRelays relays;
  private final LogStreamSlots.Slot slot;
  private final NodeSessions.Session session;
  private final String taskId;
  private final TaskLogParams params;
  private ChannelHandlerContext ctx;
  private long id;
  private boolean ended;
  /** Writes to the client not yet taken by its socket. */
  private int unsent;
  /** When the client last took a write, or when a write began to wait on an idle one (System.nanoTime). */
  private long progressNanos;
  private ScheduledFuture<?> ticker;

  TaskLogStream(TaskLogRelays relays, LogStreamSlots.Slot slot, NodeSessions.Session session, String taskId, TaskLogParams params) {
    this.relays = relays;
    this.slot = slot;
    this.session = session;
    this.taskId = taskId;
    this.params = params;
  }

  @Override
  public void start(ChannelHandlerContext apiCtx, Map<String, String> headers) {
    io.netty.channel.Channel ch = apiCtx.channel();
    // A small socket buffer, so that a client that does not read shows as unwritten chunks (and so
    // no credit) within a chunk or two, not after megabytes parked in the kernel.
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64 * 1024, 256 * 1024));
    ch.config().setOption(ChannelOption.SO_SNDBUF, 64 * 1024);
    ch.pipeline().addLast("task-log-stream", this);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, params.ndjson() ? TaskLogParams.NDJSON + "; charset=utf-8" : "text/plain; charset=utf-8");
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    head.headers().set(HttpHeaderNames.CONNECTION, "close");
    head.headers().set("X-Accel-Buffering", "no");
    head.headers().set("X-Orchestrate-Task", taskId);
    head.headers().set("X-Orchestrate-Node", session.nodeId());
    headers.forEach((k, v) -> head.headers().set(k, v));
    send(head);
    // First, so that the slot goes back whatever happens below. Close listeners run on this event
    // loop: at once if the connection is closed already, else only after start() returns.
    ch.closeFuture().addListener(f -> {
      ended = true;
      if (ticker != null) ticker.cancel(false);
      if (id != 0) relays.cancel(id);
      slot.release();
    });
    if (ended) return; // the client is gone already: ask the worker for nothing
    long timeout = relays.limits().slowClientTimeout().toMillis();
    long tick = Math.max(50, Math.min(5_000, timeout / 4));
    ticker = ctx.executor().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    id = relays.open(session, taskId, params.follow(), params.tail(), params.stream(), params.since(), params.skip(), this);
  }

  @Override
  public void abandon() {
    // Nothing was asked of the worker yet: the stream opens in start().
    slot.release();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void chunk(LogChunk c) {
    if (ctx.executor().inEventLoop()) write(c);
    else ctx.executor().execute(() -> write(c));
  }

  @Override
  public void workerGone(String why) {
    ctx.executor().execute(() -> {
      if (ended) return;
      ended = true;
      // No end marker: the reader asks again (a leader change moves the worker, a reconnect brings it back).
      ctx.close();
    });
  }

  private void write(LogChunk c) {
    if (ended) return;
    if (!c.lines().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (LogLine l : c.lines()) render(sb, l);
      long cost = c.cost();
      send(new DefaultHttpContent(Unpooled.wrappedBuffer(sb.toString().getBytes(StandardCharsets.UTF_8))))
          .addListener(f -> {
            if (f.isSuccess()) relays.credit(id, cost);
          });
    }
    if (c.end()) {
      ended = true;
      StringBuilder last = new StringBuilder();
      if (params.ndjson()) {
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("end", true);
        if (c.error() != null) end.put("error", c.error());
        last.append(Json.string(end)).append('\n');
      } else if (c.error() != null) {
        last.append("orchestrate: ").append(c.error()).append('\n');
      }
      if (last.length() > 0) send(new DefaultHttpContent(Unpooled.wrappedBuffer(last.toString().getBytes(StandardCharsets.UTF_8))));
      send(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Writes and flushes {@code msg}, counting it unsent until the client's socket has taken it. */
  private io.netty.channel.ChannelFuture send(Object msg) {
    if (unsent++ == 0) progressNanos = System.nanoTime();
    return ctx.writeAndFlush(msg).addListener(f -> {
      unsent--;
      progressNanos = System.nanoTime();
    });
  }

  /** Cuts off a client that has left a write untaken for the slow-client timeout. */
  private void tick() {
    if (!ctx.channel().isActive() || unsent == 0) return;
    if (System.nanoTime() - progressNanos > relays.limits().slowClientTimeout().toNanos()) {
      relays.closedSlow();
      ended = true;
      ctx.close();
    }
  }

  private void render(StringBuilder sb, LogLine l) {
    if (params.ndjson()) {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("ts", l.ts());
      o.put("stream", l.stream());
      o.put("line", l.text());
      sb.append(Json.string(o)).append('\n');
    } else {
      if (params.timestamps()) sb.append(l.ts()).append(' ');
      sb.append(l.text()).append('\n');
    }
  }
}
