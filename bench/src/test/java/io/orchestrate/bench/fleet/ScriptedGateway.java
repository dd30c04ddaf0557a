package io.orchestrate.bench.fleet;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.orchestrate.gateway.protocol.GatewayMessage;
import io.orchestrate.gateway.protocol.GatewayPipeline;
import io.orchestrate.gateway.protocol.WorkerMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A manager's gateway played by the test: it records what workers send and writes what the test
 * tells it to the connection accepted last. Messages are waited for with a bound, never slept for.
 */
final class ScriptedGateway implements AutoCloseable {
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final BlockingQueue<WorkerMessage> received = new LinkedBlockingQueue<>();
  private final Channel server;
  private volatile Channel last;

  ScriptedGateway() throws InterruptedException {
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            last = ch;
            GatewayPipeline.install(ch.pipeline()).addLast(new SimpleChannelInboundHandler<WorkerMessage>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, WorkerMessage msg) {
                received.add(msg);
              }
            });
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  String address() {
    return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The next message of {@code type} that matches, skipping others (heartbeats, say), within {@code timeout}. */
  <T extends WorkerMessage> T next(Class<T> type, Predicate<T> matches, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      WorkerMessage m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      if (m == null) throw new AssertionError("no " + type.getSimpleName() + " as expected within " + timeout.toMillis() + " ms");
      if (type.isInstance(m) && matches.test(type.cast(m))) return type.cast(m);
    }
  }

  <T extends WorkerMessage> T next(Class<T> type, Duration timeout) throws InterruptedException {
    return next(type, m -> true, timeout);
  }

  /** Writes to the connection accepted last. */
  void send(GatewayMessage m) throws InterruptedException {
    last.writeAndFlush(m).sync();
  }

  /** Closes the connection accepted last, as a manager going away would. */
  void drop() throws InterruptedException {
    last.close().sync();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
