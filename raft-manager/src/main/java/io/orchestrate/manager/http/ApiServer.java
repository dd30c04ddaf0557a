package io.orchestrate.manager.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.service.ManagerServices;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The HTTP API v1 on Netty. Bodies are capped at {@link #MAX_BODY_BYTES}; larger ones get a JSON 413. */
public final class ApiServer implements AutoCloseable {
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup(2);
  private final ApiHandler handler;
  private Channel channel;

  /** Serves {@code services}; every request is answered within {@code timeout}. */
  public ApiServer(ManagerServices services, Duration timeout) {
    // A transfer's own wait ends before the request's, so that its failure still gets an answer.
    ApiRoutes routes = new ApiRoutes(services, timeout.minusMillis(500));
    this.handler = new ApiHandler(routes, new ErrorMapping(services.leadership()), services.metrics(), timeout);
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
            ch.pipeline().addLast(new HttpServerCodec(), new Aggregator(), handler);
          }
        });
    channel = b.bind(at.host(), at.port()).sync().channel();
    return (InetSocketAddress) channel.localAddress();
  }

  /** Answers an oversized body with the API's JSON error instead of Netty's empty 413. */
  private static final class Aggregator extends HttpObjectAggregator {
    Aggregator() {
      super(MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      // Keep a keep-alive connection open: the aggregator discards the rest of the body, and the
      // client, possibly still sending, reads the answer instead of a reset.
      ApiHandler.write(ctx, ApiResponse.error(ErrorCode.PAYLOAD_TOO_LARGE,
          "request body is larger than " + MAX_BODY_BYTES + " bytes (1 MiB)"), io.netty.handler.codec.http.HttpUtil.isKeepAlive(oversized), false);
    }
  }

  @Override
  public void close() {
    if (channel != null) channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
