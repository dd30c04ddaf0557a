package io.orchestrate.manager.http;

import io.netty.buffer.ByteBuf;
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
import io.netty.util.concurrent.ScheduledFuture;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.EventView;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.config.EventLimits;
import io.orchestrate.manager.events.EventLog;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's server-sent event stream. It reads the {@link EventLog} from its position and writes
 * while the connection is writable; it never holds more than the connection's high water mark
 * ({@link EventLimits#STREAM_BUFFER_BYTES}) plus one batch. A client that stops reading leaves the
 * connection unwritable: after {@code slowClientTimeout} of that it is closed, and if the window
 * drops events it has not been sent first, it gets an {@code event: gone} and is closed. Either
 * way it resumes with {@code from} or re-lists; it is never buffered for without bound.
 *
 * <p>Threads: everything but {@link #wake} runs on the channel's event loop, which owns every
 * field; {@link #wake} (the event log's listener, on the apply thread) only schedules a pump.
 */
final class EventStream extends ChannelInboundHandlerAdapter {
  /** Events read from the window per pass; a pass writes them all, then checks writability again. */
  static final int BATCH = 256;

  private final EventLog log;
  private final Set<String> topics;
  private final EventLimits limits;
  private final EventStreams owner;
  /** When the stream ends by itself ({@code follow=false}): the next index when it began; else -1. */
  private final long endIndex;
  private final AtomicBoolean pumpScheduled = new AtomicBoolean();
  private final Runnable wake = this::wake;
  private ChannelHandlerContext ctx;
  private EventLog.Position cursor;
  private ScheduledFuture<?> ticker;
  private long lastWriteNanos;
  /** When the connection became unwritable (System.nanoTime), or 0 while it is writable. */
  private long unwritableSince;
  private boolean ended;

  EventStream(EventLog log, EventLog.Position from, Set<String> topics, boolean follow, EventLimits limits, EventStreams owner) {
    this.log = log;
    this.cursor = from;
    this.topics = topics;
    this.limits = limits;
    this.owner = owner;
    this.endIndex = follow ? -1 : log.nextIndex();
  }

  /**
   * Takes over the connection: the response head (with {@code headers}, such as CORS, on top of the
   * stream's own), then events as they come. On the event loop.
   */
  void start(ChannelHandlerContext apiCtx, java.util.Map<String, String> headers) {
    io.netty.channel.Channel ch = apiCtx.channel();
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(EventLimits.STREAM_BUFFER_BYTES / 2, EventLimits.STREAM_BUFFER_BYTES));
    // A stream needs no large kernel buffer, and a small one makes a client that does not read show
    // up as an unwritable channel instead of megabytes parked in the socket.
    ch.config().setOption(ChannelOption.SO_SNDBUF, EventLimits.STREAM_BUFFER_BYTES);
    ch.pipeline().addLast("event-stream", this);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    head.headers().set(HttpHeaderNames.CONNECTION, "close");
    head.headers().set("X-Accel-Buffering", "no");
    head.headers().set("X-Orchestrate-Index", Long.toString(log.nextIndex() - 1));
    headers.forEach((k, v) -> head.headers().set(k, v));
    ctx.write(head);
    // A comment first, so a client sees the stream open before the first event.
    ctx.writeAndFlush(content(": stream open from " + cursor.index() + "." + cursor.pos() + "\n\n"));
    lastWriteNanos = System.nanoTime();
    ch.closeFuture().addListener(f -> finished());
    long tick = Math.min(limits.heartbeat().toMillis(), Math.max(100, limits.slowClientTimeout().toMillis() / 4));
    ticker = ctx.executor().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    log.addListener(wake);
    pump();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      unwritableSince = 0;
      pump();
    } else if (unwritableSince == 0) {
      unwritableSince = System.nanoTime();
    }
    super.channelWritabilityChanged(ctx);
  }

  /** On the apply thread: at most one pump waits on the event loop at a time. */
  private void wake() {
    if (pumpScheduled.compareAndSet(false, true)) {
      ctx.executor().execute(() -> {
        pumpScheduled.set(false);
        pump();
      });
    }
  }

  private void pump() {
    if (ended || !ctx.channel().isActive()) return;
    boolean wrote = false;
    while (ctx.channel().isWritable()) {
      EventLog.Read r = log.read(cursor, BATCH);
      if (r.gone()) {
        end(goneEvent(r.horizon()));
        return;
      }
      for (EventView e : r.events()) {
        cursor = new EventLog.Position(e.index(), e.pos() + 1);
        if (!topics.contains(e.topic())) continue;
        ctx.write(content("id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + Json.string(e) + "\n\n"));
        wrote = true;
      }
      if (r.events().size() < BATCH) {
        if (endIndex >= 0 && r.nextIndex() >= endIndex) {
          if (wrote) ctx.flush();
          end(": caught up at index " + (endIndex - 1) + "\n\n");
          return;
        }
        break;
      }
    }
    if (wrote) {
      ctx.flush();
      lastWriteNanos = System.nanoTime();
    }
    if (!ctx.channel().isWritable() && unwritableSince == 0) unwritableSince = System.nanoTime();
  }

  private void tick() {
    if (ended) return;
    long now = System.nanoTime();
    if (unwritableSince != 0 && now - unwritableSince > limits.slowClientTimeout().toNanos()) {
      owner.droppedSlow();
      ctx.close();
      return;
    }
    if (ctx.channel().isWritable() && now - lastWriteNanos >= limits.heartbeat().toNanos()) {
      ctx.writeAndFlush(content(": keepalive\n\n"));
      lastWriteNanos = now;
    }
  }

  /** The manager stops: the client is told, and reconnects to another manager with its last id. */
  void shutdown() {
    if (ctx.executor().inEventLoop()) end(": manager stopping; resume at another manager with from=<last id + 1>\n\n");
    else ctx.executor().execute(this::shutdown);
  }

  private void end(String last) {
    if (ended) return;
    ended = true;
    ctx.write(content(last));
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
  }

  private String goneEvent(EventLog.Position horizon) {
    String message = "events before " + horizon.index() + "." + horizon.pos() + " are no longer held by this manager (it keeps "
        + log.capacity() + "); re-list the state and stream from its X-Orchestrate-Index + 1, or from " + horizon.resumableIndex();
    return "event: gone\ndata: " + Json.string(new ErrorBody(message, ErrorCode.GONE)) + "\n\n";
  }

  private void finished() {
    ended = true;
    log.removeListener(wake);
    if (ticker != null) ticker.cancel(false);
    owner.closed(this);
  }

  private static DefaultHttpContent content(String text) {
    ByteBuf b = Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
    return new DefaultHttpContent(b);
  }
}
