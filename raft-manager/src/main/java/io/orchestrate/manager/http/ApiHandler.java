package io.orchestrate.manager.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.metrics.ManagerMetrics;
import io.orchestrate.security.Identity;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One API connection's requests, answered one at a time and in the order they came: HTTP/1.1 lets
 * a client send the next request before the answer to the last (pipelining), and answers must
 * then come back in that order. A route runs off the event loop's critical path (routes return
 * futures) and its wait is bounded by the request timeout. While a request is being answered,
 * later ones wait here and the connection reads no more, so a client cannot queue without bound.
 * Owned by the channel's event loop; a route's answer hops back onto it.
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {
  /** An answer decided before any route runs: the aggregator's 413, say. */
  record Ready(ApiResponse response, boolean keepAlive) {}

  /** A request waiting for its turn; {@code ready} set when its answer needs no route. */
  private record Pending(ApiRequest request, ApiResponse ready, boolean keepAlive, boolean head, long startNanos) {}

  private final ApiRoutes routes;
  private final LeaderForward forward;
  private final ErrorMapping errors;
  private final Access access;
  private final Cors cors;
  private final ManagerMetrics metrics;
  private final Duration timeout;
  private final HttpDeadlines deadlines;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private boolean busy;
  private boolean closing;

  ApiHandler(ApiRoutes routes, LeaderForward forward, ErrorMapping errors, Access access, Cors cors, ManagerMetrics metrics,
      Duration timeout, HttpDeadlines deadlines) {
    this.routes = routes;
    this.forward = forward;
    this.errors = errors;
    this.access = access;
    this.cors = cors;
    this.metrics = metrics;
    this.timeout = timeout;
    this.deadlines = deadlines;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    deadlines.opened(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    deadlines.closed();
    waiting.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Pending p;
    try {
      p = pending(msg, peerAddress(ctx));
    } finally {
      ReferenceCountUtil.release(msg);
    }
    if (p == null || closing) return;
    if (busy) {
      waiting.add(p);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    run(ctx, p);
  }

  /** The client's IP address, without its port: what a client without a token is known by. */
  private static String peerAddress(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
        ? a.getAddress().getHostAddress() : null;
  }

  private static Pending pending(Object msg, String peer) {
    long start = System.nanoTime();
    if (msg instanceof Ready r) return new Pending(null, r.response(), r.keepAlive(), false, start);
    if (!(msg instanceof FullHttpRequest req)) return null;
    if (!req.decoderResult().isSuccess()) {
      return new Pending(null, ApiResponse.error(ErrorCode.BAD_REQUEST, "malformed HTTP request"), false, false, start);
    }
    ApiRequest r = toRequest(req, peer);
    return new Pending(r, null, HttpUtil.isKeepAlive(req), r.method().equals("HEAD"), start);
  }

  private void run(ChannelHandlerContext ctx, Pending p) {
    busy = true;
    if (p.ready() != null) {
      // Refused before any route matched (too large, malformed): counted under one label of its own.
      metrics.request("unrouted", "other", p.ready().status(), System.nanoTime() - p.startNanos());
      answer(ctx, p, p.ready());
      return;
    }
    ApiRequest req = p.request();
    if (Cors.isPreflight(req)) {
      // A browser's preflight carries no token by design; it learns only whether its origin may call.
      metrics.request("preflight", "OPTIONS", 204, System.nanoTime() - p.startNanos());
      answer(ctx, p, cors.preflight(req));
      return;
    }
    ApiRoutes.Route route = routes.match(req);
    CompletableFuture<ApiResponse> f;
    // The token first: a caller who may not use the route learns nothing else about the request.
    ApiResponse refused = access.refusal(req, route);
    if (refused == null) refused = LeaderForward.refusal(req, tls(ctx), peer(ctx));
    if (refused == null) refused = ContentTypes.refusal(req, route.acceptsYaml());
    if (refused != null) {
      f = CompletableFuture.completedFuture(refused);
    } else {
      try {
        f = route.run().get();
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
    }
    // What only the leader can answer, a follower asks the leader and answers with what it said.
    if (!route.redirectsToLeader()) f = f.exceptionallyCompose(t -> forward.onFailure(t, req));
    f.orTimeout(timeout.plus(route.extraTime()).toMillis(), TimeUnit.MILLISECONDS)
        .handle((r, t) -> cors.decorate(req, t == null ? r : errors.map(t, req)))
        .thenAccept(r -> {
          try {
            metrics.request(route.name(), req.method(), r.status(), System.nanoTime() - p.startNanos());
          } finally {
            // Later requests on this connection wait for this answer, so it is sent whatever happens above.
            if (ctx.executor().inEventLoop()) answer(ctx, p, r);
            else ctx.executor().execute(() -> answer(ctx, p, r));
          }
        });
  }

  private static boolean tls(ChannelHandlerContext ctx) {
    return ctx.pipeline().get(SslHandler.class) != null;
  }

  /** Who is at the other end of a TLS connection, by its certificate; null in plain text or when it cannot be read. */
  private static Identity peer(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) return null;
    try {
      return Identity.of(ssl.engine().getSession());
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      return null;
    }
  }

  /** Writes {@code p}'s answer and starts the next waiting request, if the connection stays open. */
  private void answer(ChannelHandlerContext ctx, Pending p, ApiResponse r) {
    busy = false;
    if (closing || !ctx.channel().isActive() || (r.streaming() != null && p.head())) {
      if (r.streaming() != null) r.streaming().abandon();
      if (!closing && ctx.channel().isActive()) {
        write(ctx, new ApiResponse(200, new byte[0], r.contentType(), r.headers()), false, true);
        closing = true;
      }
      return;
    }
    if (r.streaming() != null) {
      // The stream owns the connection from here: no later request is read, and the connection's
      // clock stops (a stream is meant to stay open; its own heartbeat and slow-client bound apply).
      closing = true;
      waiting.clear();
      deadlines.closed();
      r.streaming().start(ctx, r.headers());
      return;
    }
    ChannelFuture written = write(ctx, r, p.keepAlive(), p.head());
    written.addListener(done -> deadlines.answered());
    if (!p.keepAlive()) {
      closing = true;
      waiting.clear();
      return;
    }
    Pending next = waiting.poll();
    if (next != null) run(ctx, next);
    else ctx.channel().config().setAutoRead(true);
  }

  static ApiRequest toRequest(FullHttpRequest msg) {
    return toRequest(msg, null);
  }

  static ApiRequest toRequest(FullHttpRequest msg, String peer) {
    QueryStringDecoder q = new QueryStringDecoder(msg.uri());
    List<String> segments = new ArrayList<>();
    for (String s : q.path().split("/")) if (!s.isEmpty()) segments.add(QueryStringDecoder.decodeComponent(s));
    Map<String, String> headers = new HashMap<>();
    msg.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    byte[] body = ByteBufUtil.getBytes(msg.content());
    return new ApiRequest(msg.method().name(), msg.uri(), segments, q.parameters(), headers, body, peer);
  }

  static ChannelFuture write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, boolean head) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, head ? 0 : r.body().length);
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    if (keepAlive) {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      return ctx.writeAndFlush(resp);
    }
    resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
