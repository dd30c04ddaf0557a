package io.orchestrate.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.GatewayMessage;
import io.orchestrate.gateway.protocol.GatewayPipeline;
import io.orchestrate.gateway.protocol.Heartbeat;
import io.orchestrate.gateway.protocol.NodeStats;
import io.orchestrate.gateway.protocol.Register;
import io.orchestrate.gateway.protocol.RunningTask;
import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A scripted worker that speaks the gateway protocol, for testing the manager side alone. */
final class FakeWorker implements AutoCloseable {
  final String nodeId;
  final Resources capacity;
  final List<GatewayMessage> received = new CopyOnWriteArrayList<>();
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final AtomicLong seq = new AtomicLong();
  private Channel channel;

  FakeWorker(String nodeId, Resources capacity) {
    this.nodeId = nodeId;
    this.capacity = capacity;
  }

  FakeWorker connect(String gateway) throws InterruptedException {
    return connect(gateway, null);
  }

  /** Connects over TLS with {@code tls} (a worker's client context), or in plain text if it is null. */
  FakeWorker connect(String gateway, io.netty.handler.ssl.SslContext tls) throws InterruptedException {
    if (channel != null) channel.close().sync();
    received.clear();
    String[] hp = gateway.split(":");
    channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) ch.pipeline().addLast(tls.newHandler(ch.alloc(), hp[0], Integer.parseInt(hp[1])));
            GatewayPipeline.install(ch.pipeline());
            ch.pipeline().addLast(new SimpleChannelInboundHandler<GatewayMessage>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, GatewayMessage msg) {
                received.add(msg);
              }
            });
          }
        })
        .connect(hp[0], Integer.parseInt(hp[1])).sync().channel();
    return this;
  }

  void register(List<RunningTask> running) {
    register(running, false);
  }

  void register(List<RunningTask> running, boolean keepalive) {
    channel.writeAndFlush(new Register(nodeId, "127.0.0.1", capacity, Map.of("zone", "a"), "process", running, keepalive));
  }

  /** Registers as a worker that serves its tasks' output: the manager then relays log requests to it. */
  void registerServingLogs() {
    channel.writeAndFlush(new Register(nodeId, "127.0.0.1", capacity, Map.of("zone", "a"), "process", List.of(), false, null, java.util.Set.of(), true));
  }

  /** Sends any worker message, a log chunk say. */
  void send(GatewayMessage m) {
    channel.writeAndFlush(m);
  }

  /** Every message of {@code type} received on this connection so far, in order. */
  <T extends GatewayMessage> List<T> receivedOf(Class<T> type) {
    return received.stream().filter(type::isInstance).map(type::cast).toList();
  }

  void heartbeat() {
    channel.writeAndFlush(new Heartbeat(nodeId, seq.incrementAndGet(), new NodeStats(5, 0.1, 100, 1000, 5000, 10000, 2, 0, 10)));
  }

  void report(String taskId, long generation, TaskState state, String container) {
    channel.writeAndFlush(new TaskStatus(nodeId, List.of(new TaskUpdate(taskId, generation, state, container, 0, null, null, System.currentTimeMillis()))));
  }

  boolean open() {
    return channel != null && channel.isActive();
  }

  Desired lastDesired() {
    Desired d = null;
    for (GatewayMessage m : received) if (m instanceof Desired x) d = x;
    return d;
  }

  @Override
  public void close() {
    if (group.isShuttingDown()) return; // closed already (a test may cut the connection before its cleanup)
    if (channel != null) channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
