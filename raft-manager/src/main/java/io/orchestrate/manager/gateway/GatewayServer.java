package io.orchestrate.manager.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.orchestrate.gateway.protocol.GatewayPipeline;
import io.orchestrate.manager.config.ConnectionLimits;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.net.ConnectionCap;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker gateway: length-prefixed protocol frames over TCP, one {@link GatewayHandler} per connection.
 *
 * <p>What a peer can hold is bounded: at most {@code maxConnections} connections (one more is
 * closed at once; a worker retries with backoff), each with at most one unfinished frame of at
 * most {@link GatewayPipeline#DEFAULT_MAX_FRAME_BYTES} that must arrive whole within the frame
 * timeout. Memory in unfinished frames is therefore at most the connection cap times the frame
 * limit. A connection must register within the register timeout, and one silent for a node TTL
 * is closed.
 *
 * <p>With TLS, the handshake comes first and requires a worker's certificate of the cluster CA;
 * the handler then lets a connection register only the node id its certificate names.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final io.orchestrate.security.HandshakeLog HANDSHAKE_LOG = new io.orchestrate.security.HandshakeLog("gateway");

  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup(2);
  private final Supplier<GatewayHandler> handlers;
  private final long idleMillis;
  private final Duration frameTimeout;
  private final ConnectionCap cap;
  /**
   * TLS handshakes worked on at once. Each costs a few milliseconds of CPU on each side; this many
   * finish within a second or so even on two busy cores, well inside a worker's register timeout.
   */
  static final int MAX_HANDSHAKES_IN_PROGRESS = 32;
  private final io.orchestrate.manager.net.HandshakeAdmission handshakes =
      new io.orchestrate.manager.net.HandshakeAdmission("gateway", MAX_HANDSHAKES_IN_PROGRESS);
  /** Mutual TLS for workers, or null for plain text. */
  private final SslContext tls;
  private Channel channel;

  GatewayServer(Supplier<GatewayHandler> handlers, long idleMillis, Duration frameTimeout, int maxConnections, SslContext tls) {
    this.tls = tls;
    this.handlers = handlers;
    this.idleMillis = idleMillis;
    this.frameTimeout = frameTimeout;
    // There is no message for "full" before registration; closing is the answer, and the worker's backoff the retry.
    this.cap = new ConnectionCap("gateway", maxConnections, ChannelHandlerContext::close);
  }

  public InetSocketAddress start(HostPort at) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            // First, so that nothing of the gateway protocol is read from a peer without a worker's certificate.
            // Right behind it, the bound on handshakes in progress: a fleet connecting at once is taken on a few at a time.
            if (tls != null) {
              ch.pipeline().addLast(GatewayHandler.TLS_HANDLER, tls.newHandler(ch.alloc())).addLast(handshakes.handler()).addLast(HANDSHAKE_LOG);
            }
            ch.pipeline().addLast(cap.handler());
            ch.pipeline().addLast(new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
            GatewayPipeline.install(ch.pipeline(), GatewayPipeline.DEFAULT_MAX_FRAME_BYTES, frameTimeout);
            ch.pipeline().addLast(handlers.get());
          }
        });
    channel = b.bind(at.host(), at.port()).sync().channel();
    LOG.info("gateway: at most {} connections, each with one frame of at most {} MiB in progress: at most {} MiB held in unfinished frames",
        cap.max(), GatewayPipeline.DEFAULT_MAX_FRAME_BYTES >> 20,
        ConnectionLimits.worstCaseBytes(cap.max(), GatewayPipeline.DEFAULT_MAX_FRAME_BYTES) >> 20);
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    if (channel != null) channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
