package io.orchestrate.manager.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.metrics.ManagerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a whole request, runs its route off the event loop's critical path (routes return
 * futures), bounds its wait by the request timeout, and writes the answer. Stateless, so one
 * instance serves every channel.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final ApiRoutes routes;
  private final ErrorMapping errors;
  private final ManagerMetrics metrics;
  private final Duration timeout;

  ApiHandler(ApiRoutes routes, ErrorMapping errors, ManagerMetrics metrics, Duration timeout) {
    this.routes = routes;
    this.errors = errors;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    long start = System.nanoTime();
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    if (!msg.decoderResult().isSuccess()) {
      write(ctx, ApiResponse.error(ErrorCode.BAD_REQUEST, "malformed HTTP request"), false, false);
      return;
    }
    ApiRequest req = toRequest(msg);
    boolean head = req.method().equals("HEAD");
    ApiRoutes.Route route = routes.match(req);
    CompletableFuture<ApiResponse> f;
    try {
      f = route.run().get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((r, t) -> t == null ? r : errors.map(t, req))
        .thenAccept(r -> {
          metrics.request(route.name(), req.method(), r.status(), System.nanoTime() - start);
          write(ctx, r, keepAlive, head);
        });
  }

  private static ApiRequest toRequest(FullHttpRequest msg) {
    QueryStringDecoder q = new QueryStringDecoder(msg.uri());
    List<String> segments = new ArrayList<>();
    for (String s : q.path().split("/")) if (!s.isEmpty()) segments.add(QueryStringDecoder.decodeComponent(s));
    Map<String, String> headers = new HashMap<>();
    msg.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    byte[] body = ByteBufUtil.getBytes(msg.content());
    return new ApiRequest(msg.method().name(), msg.uri(), segments, q.parameters(), headers, body);
  }

  static void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, boolean head) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, head ? 0 : r.body().length);
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    if (keepAlive) {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(resp);
    } else {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
