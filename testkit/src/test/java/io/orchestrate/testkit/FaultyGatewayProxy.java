package io.orchestrate.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.GatewayMessage;
import io.orchestrate.gateway.protocol.GatewayPipeline;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway in the middle: workers connect to it, it connects each one to the real gateway and
 * passes every message through, except that it drops, duplicates and reorders the leader's
 * {@link Desired} frames as told. It speaks the real protocol on both sides, so what reaches the
 * worker is exactly what a lossy path between a correct leader and a correct worker could deliver
 * if frames were lost above TCP (a failed write, a bug, a restarted proxy).
 */
final class FaultyGatewayProxy implements AutoCloseable {
  private final EventLoopGroup group = new NioEventLoopGroup(2);
  private final String upstreamHost;
  private final int upstreamPort;
  private final Random random;
  private final Channel server;
  private volatile double dropRate;
  private volatile double duplicateRate;
  private volatile double reorderRate;
  /** Frames to drop unconditionally before the rates apply again. */
  private final AtomicInteger dropNext = new AtomicInteger();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong duplicated = new AtomicLong();
  final AtomicLong reordered = new AtomicLong();
  final AtomicLong passed = new AtomicLong();

  FaultyGatewayProxy(String upstream, long seed) throws InterruptedException {
    String[] hp = upstream.split(":");
    this.upstreamHost = hp[0];
    this.upstreamPort = Integer.parseInt(hp[1]);
    this.random = new Random(seed);
    this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel worker) {
            GatewayPipeline.install(worker.pipeline());
            // Nothing is read from the worker until the leg to the manager is up.
            worker.config().setAutoRead(false);
            Channel manager = connectUpstream(worker);
            worker.pipeline().addLast(new SimpleChannelInboundHandler<GatewayMessage>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, GatewayMessage msg) {
                manager.writeAndFlush(msg);
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                manager.close();
              }
            });
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  String address() {
    return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Sets the chance of each fault per Desired frame. */
  void faults(double drop, double duplicate, double reorder) {
    this.dropRate = drop;
    this.duplicateRate = duplicate;
    this.reorderRate = reorder;
  }

  /** Drops the next {@code n} Desired frames whatever the rates. */
  void dropNext(int n) {
    dropNext.set(n);
  }

  private Channel connectUpstream(Channel worker) {
    return new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            GatewayPipeline.install(ch.pipeline());
            ch.pipeline().addLast(new Downstream(worker));
          }
        })
        .connect(upstreamHost, upstreamPort).addListener((io.netty.channel.ChannelFutureListener) f -> {
          if (f.isSuccess()) worker.config().setAutoRead(true);
          else worker.close();
        }).channel();
  }

  /** The leader's messages on their way to one worker. */
  private final class Downstream extends SimpleChannelInboundHandler<GatewayMessage> {
    private final Channel worker;
    private Desired held;

    Downstream(Channel worker) {
      this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, GatewayMessage msg) {
      if (!(msg instanceof Desired d)) {
        worker.writeAndFlush(msg);
        return;
      }
      if (dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || chance(dropRate)) {
        dropped.incrementAndGet();
        return;
      }
      if (held == null && chance(reorderRate)) {
        // Held back and delivered after the next frame; or on its own after a while, if none comes.
        held = d;
        reordered.incrementAndGet();
        ctx.executor().schedule(this::release, 300, TimeUnit.MILLISECONDS);
        return;
      }
      worker.write(d);
      passed.incrementAndGet();
      if (chance(duplicateRate)) {
        worker.write(d);
        duplicated.incrementAndGet();
      }
      release();
      worker.flush();
    }

    private void release() {
      if (held == null) return;
      worker.writeAndFlush(held);
      held = null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      worker.close();
    }
  }

  private boolean chance(double p) {
    synchronized (random) {
      return p > 0 && random.nextDouble() < p;
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
