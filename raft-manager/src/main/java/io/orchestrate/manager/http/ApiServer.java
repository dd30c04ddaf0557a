package io.orchestrate.manager.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.config.ConnectionLimits;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.net.ConnectionCap;
import io.orchestrate.manager.service.ManagerServices;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API v1 on Netty. What one client can hold is bounded: bodies are capped at
 * {@link #MAX_BODY_BYTES} (larger ones get a JSON 413), headers at Netty's 8 KiB, the time to send
 * a request and to sit idle by {@link HttpDeadlines}, and connections by a cap past which a new
 * one is answered 503 and closed. Request bodies being read therefore hold at most the connection
 * cap times the body limit.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final io.orchestrate.security.HandshakeLog HANDSHAKE_LOG = new io.orchestrate.security.HandshakeLog("API");

  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup(2);
  private final ApiRoutes routes;
  private final LeaderForward forward;
  private final ErrorMapping errors;
  private final Access access;
  private final Cors cors;
  private final ManagerServices services;
  private final Duration timeout;
  private final ConnectionLimits limits;
  private final ConnectionCap cap;
  private final EventStreams streams;
  /** HTTPS with client certificates, or null for plain HTTP. */
  private final SslContext tls;
  private Channel channel;

  /** Serves {@code services}; every request is answered within {@code timeout}. */
  public ApiServer(ManagerServices services, String selfId, Duration timeout, ConnectionLimits limits) {
    this(services, selfId, timeout, limits, null, null);
  }

  /**
   * Serves {@code services} over HTTPS with {@code tls} (which requires client certificates), or
   * plain HTTP if it is null; a follower forwards what only the leader answers with {@code forwardTls}
   * (this manager's own certificate), or in plain HTTP if it is null.
   */
  public ApiServer(ManagerServices services, String selfId, Duration timeout, ConnectionLimits limits, SslContext tls,
      javax.net.ssl.SSLContext forwardTls) {
    this.tls = tls;
    // The leader's answer must come back before this manager's own request timeout ends.
    this.forward = new LeaderForward(services.leadership(), selfId, forwardTls, timeout.minusMillis(250));
    // A transfer's own wait ends before the request's, so that its failure still gets an answer.
    this.streams = new EventStreams(services.watch().log(), services.watch().limits());
    this.routes = new ApiRoutes(services, timeout.minusMillis(500), streams);
    this.errors = new ErrorMapping(services.leadership(), tls == null ? "http" : "https");
    this.access = new Access(services.acl());
    this.cors = new Cors(() -> services.reads().local().managers().values(), tls == null ? "http" : "https");
    this.services = services;
    this.timeout = timeout;
    this.limits = limits;
    this.cap = new ConnectionCap("HTTP API", limits.httpMaxConnections(), ApiServer::refuse);
  }

  /** Binds and returns the bound address (port 0 picks a free port). */
  public InetSocketAddress start(HostPort at) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            // The connection waits for an answer as long as the slowest route may take: a blocking read
            // up to its bound before the request's own time begins, a snapshot while it is packaged.
            HttpDeadlines deadlines = new HttpDeadlines(limits, timeout.plus(longestExtraTime(services.watch().limits().maxWait())));
            // First: a plain-HTTP request to an HTTPS API fails the handshake and is never parsed.
            // The handshake has its own timeout (Netty's default, 10 s), so a silent peer is closed too.
            if (tls != null) ch.pipeline().addLast("tls", tls.newHandler(ch.alloc())).addLast(HANDSHAKE_LOG);
            // The encoder sits before the decoder so that whatever writes from a later handler's context is encoded.
            ch.pipeline().addLast(cap.handler(), new HttpResponseEncoder(), new ApiRequestDecoder(deadlines), new Aggregator(),
                new ApiHandler(routes, forward, errors, access, cors, services.metrics(), timeout, deadlines));
          }
        });
    channel = b.bind(at.host(), at.port()).sync().channel();
    LOG.info("HTTP API: at most {} connections with a body of at most {} KiB each being read: at most {} MiB held in bodies",
        cap.max(), MAX_BODY_BYTES >> 10, ConnectionLimits.worstCaseBytes(cap.max(), MAX_BODY_BYTES) >> 20);
    return (InetSocketAddress) channel.localAddress();
  }

  /** Event streams open now (for tests and metrics). */
  public int openEventStreams() {
    return streams.openStreams();
  }

  /** Event streams closed because their client did not read. */
  public long droppedSlowEventClients() {
    return streams.droppedSlowClients();
  }

  /** A connection past the cap: a plain 503 written before any request is read, then closed. */
  private static void refuse(ChannelHandlerContext ctx) {
    byte[] body = Json.bytes(new ErrorBody("this manager's API has too many open connections; retry later", ErrorCode.UNAVAILABLE));
    String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " + body.length
        + "\r\nRetry-After: " + ErrorMapping.RETRY_AFTER_SECONDS + "\r\nConnection: close\r\n\r\n";
    ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body)).addListener(ChannelFutureListener.CLOSE);
  }

  /** Answers an oversized body with the API's JSON error, in its turn among the connection's answers. */
  private static final class Aggregator extends HttpObjectAggregator {
    Aggregator() {
      super(MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      // Keep a keep-alive connection open: the aggregator discards the rest of the body, and the
      // client, possibly still sending, reads the answer instead of a reset.
      ctx.fireChannelRead(new ApiHandler.Ready(ApiResponse.error(ErrorCode.PAYLOAD_TOO_LARGE,
          "request body is larger than " + MAX_BODY_BYTES + " bytes (1 MiB)"), HttpUtil.isKeepAlive(oversized)));
    }
  }

  @Override
  public void close() {
    // Streams first, while their event loops still run: each client is told, then closed.
    streams.close();
    services.watch().indexWait().close();
    if (channel != null) channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The most time any route adds to the request timeout ({@link ApiRoutes.Route#extraTime}). */
  static Duration longestExtraTime(Duration maxWait) {
    Duration snapshot = io.orchestrate.manager.service.SnapshotService.PACKAGING_TIME;
    return maxWait.compareTo(snapshot) >= 0 ? maxWait : snapshot;
  }
}
