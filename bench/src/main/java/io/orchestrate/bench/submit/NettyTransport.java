package io.orchestrate.bench.submit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark's default client: Netty, one keep-alive connection per lane, few I/O threads. A
 * lane's connection is opened on its first request and again after the server closed it or a request
 * timed out (a timed-out connection could still deliver the late answer, so it is not reused).
 *
 * <p>A {@link Lane}'s request state ({@code pending}, {@code timer}) is touched only on its channel's
 * event loop; its {@code channel} is volatile because the lane's next request may be sent from
 * another thread, and a lane never has two requests in flight.
 */
public final class NettyTransport implements SubmitTransport {
  private static final String THREAD_PREFIX = "bench-netty";

  /**
   * Where a submission goes and what it looks like on the wire: an orchestrate job to
   * {@code POST /v1/jobs}, or, to compare, the same job as the value of a put through etcd's
   * HTTP/JSON gateway. Whatever the endpoint, its success status is counted as committed.
   */
  public record Endpoint(String name, String path, int okStatus, java.util.function.BiFunction<byte[], String, byte[]> body) {
    public static final Endpoint ORCHESTRATE = new Endpoint("orchestrate", "/v1/jobs", Answer.COMMITTED, (job, key) -> job);
    /** etcd 3.4's gateway: key and value base64 in JSON; a put answers 200 once a quorum has it. */
    public static final Endpoint ETCD_PUT = new Endpoint("etcd", "/v3/kv/put", 200, (job, key) -> {
      java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
      return ("{\"key\":\"" + b64.encodeToString(("/bench/" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8))
          + "\",\"value\":\"" + b64.encodeToString(job) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    });
  }

  private final URI target;
  private final String hostHeader;
  private final Duration timeout;
  private final int ioThreads;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Lane[] lanes;
  /** HTTPS when non-null (a handler per connection, naming the host dialed); plain HTTP otherwise. */
  private final io.netty.handler.ssl.SslContext tls;
  private final String authorization;
  private final Endpoint endpoint;

  public NettyTransport(URI target, int lanes, int ioThreads, Duration timeout) {
    this(target, lanes, ioThreads, timeout, Credentials.PLAIN);
  }

  public NettyTransport(URI target, int lanes, int ioThreads, Duration timeout, Credentials credentials) {
    this(target, lanes, ioThreads, timeout, credentials, Endpoint.ORCHESTRATE);
  }

  public NettyTransport(URI target, int lanes, int ioThreads, Duration timeout, Credentials credentials, Endpoint endpoint) {
    this.endpoint = endpoint;
    this.target = target;
    this.tls = credentials.netty();
    this.authorization = credentials.token() == null ? null : "Bearer " + credentials.token();
    this.hostHeader = target.getRawAuthority();
    this.timeout = timeout;
    this.ioThreads = ioThreads;
    this.group = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory(THREAD_PREFIX, true));
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) this.lanes[i] = new Lane();
  }

  @Override
  public CompletableFuture<Answer> submit(int lane, byte[] jsonBody, String idempotencyKey) {
    byte[] body = endpoint.body().apply(jsonBody, idempotencyKey);
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, endpoint.path(), Unpooled.wrappedBuffer(body));
    req.headers()
        .set(HttpHeaderNames.HOST, hostHeader)
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("Idempotency-Key", idempotencyKey);
    if (authorization != null) req.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
    return lanes[lane].send(req);
  }

  @Override
  public boolean ownsThread(String threadName) {
    return threadName.startsWith(THREAD_PREFIX);
  }

  @Override
  public String describe() {
    return "netty" + (endpoint == Endpoint.ORCHESTRATE ? "" : " to " + endpoint.name() + " " + endpoint.path())
        + (tls == null ? "" : " over TLS") + ", " + ioThreads + " I/O thread" + (ioThreads == 1 ? "" : "s");
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One client's connection and its single in-flight request. */
  private final class Lane extends SimpleChannelInboundHandler<FullHttpResponse> {
    /** Read by whichever thread sends the lane's next request (an I/O thread, or a timer thread after an error). */
    private volatile Channel channel;
    private CompletableFuture<Answer> pending;
    private ScheduledFuture<?> timer;

    CompletableFuture<Answer> send(FullHttpRequest req) {
      CompletableFuture<Answer> f = new CompletableFuture<>();
      Channel ch = channel;
      if (ch != null && ch.isActive()) {
        if (ch.eventLoop().inEventLoop()) write(ch, req, f);
        else ch.eventLoop().execute(() -> write(ch, req, f));
        return f;
      }
      ChannelFuture cf = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
        @Override
        protected void initChannel(SocketChannel c) {
          if (tls != null) c.pipeline().addLast(tls.newHandler(c.alloc(), target.getHost(), target.getPort()));
          c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), Lane.this);
        }
      }).connect(target.getHost(), target.getPort());
      cf.addListener(done -> {
        if (done.isSuccess()) {
          channel = cf.channel();
          write(channel, req, f);
        } else {
          req.release();
          f.completeExceptionally(done.cause());
        }
      });
      return f;
    }

    private void write(Channel ch, FullHttpRequest req, CompletableFuture<Answer> f) {
      if (!ch.isActive()) {
        req.release();
        f.completeExceptionally(new ClosedChannelException());
        return;
      }
      pending = f;
      timer = ch.eventLoop().schedule(() -> {
        if (pending == f) {
          // Forget the connection before the caller hears of the timeout, so its next request opens a new one.
          if (channel == ch) channel = null;
          ch.close();
          finish(null, new TimeoutException("no answer within " + timeout.toMillis() + " ms"));
        }
      }, timeout.toNanos(), TimeUnit.NANOSECONDS);
      ch.writeAndFlush(req).addListener(w -> {
        if (!w.isSuccess()) {
          if (channel == ch) channel = null;
          ch.close();
          finish(null, w.cause());
        }
      });
    }

    private void finish(Answer a, Throwable error) {
      CompletableFuture<Answer> f = pending;
      if (f == null) return;
      pending = null;
      if (timer != null) timer.cancel(false);
      timer = null;
      if (error != null) f.completeExceptionally(error);
      else f.complete(a);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
      if (ctx.channel() != channel) return;
      int status = msg.status().code();
      if (status == endpoint.okStatus()) status = Answer.COMMITTED;
      byte[] body = status == Answer.COMMITTED ? null : ByteBufUtil.getBytes(msg.content());
      finish(new Answer(status, body), null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() != channel) return; // an abandoned connection
      channel = null;
      finish(null, new ClosedChannelException());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
      if (ctx.channel() != channel) return;
      channel = null;
      finish(null, cause);
    }

    @Override
    public boolean isSharable() {
      // One Lane is one connection at a time; a reconnect adds it to the new channel's pipeline.
      return true;
    }
  }
}
