package io.orchestrate.worker.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.orchestrate.gateway.protocol.GatewayAddress;
import io.orchestrate.gateway.protocol.GatewayPipeline;
import io.orchestrate.gateway.protocol.Heartbeat;
import io.orchestrate.gateway.protocol.HeartbeatAck;
import io.orchestrate.gateway.protocol.ManagerMessage;
import io.orchestrate.gateway.protocol.NotLeader;
import io.orchestrate.gateway.protocol.Register;
import io.orchestrate.gateway.protocol.Registered;
import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import io.orchestrate.gateway.protocol.WorkerMessage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A manager gateway for tests, speaking the real protocol on loopback. It answers Register as a
 * leader of a chosen term (Registered) or as a follower (NotLeader with a hint, then close), records
 * everything workers send, and lets a test send any manager message or drop every connection.
 */
public final class FakeGateway implements AutoCloseable {
  private final String managerId;
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel server;
  private final List<WorkerMessage> received = new CopyOnWriteArrayList<>();
  private volatile long term = 1;
  private volatile long heartbeatIntervalMs = 100;
  private volatile NotLeader followerAnswer;
  private volatile boolean acks;
  private volatile boolean frozen;

  public FakeGateway(String managerId) {
    this.managerId = managerId;
    server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            GatewayPipeline.install(ch.pipeline()).addLast(new SimpleChannelInboundHandler<WorkerMessage>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, WorkerMessage msg) {
                if (frozen) return;
                received.add(msg);
                if (msg instanceof Register) answerRegister(ctx.channel());
                else if (msg instanceof Heartbeat h && acks) ctx.writeAndFlush(new HeartbeatAck(term, h.seq()));
              }
            });
          }
        })
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
  }

  private void answerRegister(Channel ch) {
    NotLeader no = followerAnswer;
    if (no != null) {
      ch.writeAndFlush(no).addListener(f -> ch.close());
    } else {
      ch.writeAndFlush(new Registered(term, managerId, heartbeatIntervalMs, heartbeatIntervalMs * 10));
    }
  }

  public GatewayAddress address() {
    InetSocketAddress a = (InetSocketAddress) server.localAddress();
    return new GatewayAddress("127.0.0.1", a.getPort());
  }

  /** Answers registrations as the leader of {@code term}. */
  public FakeGateway leader(long term) {
    this.term = term;
    this.followerAnswer = null;
    return this;
  }

  /** Answers registrations with NotLeader naming {@code leader} (null: no hint) and closes. */
  public FakeGateway follower(String leaderId, GatewayAddress leader) {
    this.followerAnswer = new NotLeader(leaderId, leader == null ? null : leader.toString());
    return this;
  }

  /** Answers every heartbeat with a {@link HeartbeatAck}, as a leader does for keepalive workers. */
  public FakeGateway acksHeartbeats() {
    this.acks = true;
    return this;
  }

  /**
   * Behaves like a paused process: connections stay open and the kernel keeps taking bytes, but
   * nothing is read, recorded or answered any more.
   */
  public void freeze() {
    frozen = true;
  }

  public FakeGateway heartbeatIntervalMs(long ms) {
    this.heartbeatIntervalMs = ms;
    return this;
  }

  /** Sends to every connected worker and waits until written. */
  public void send(ManagerMessage message) {
    channels.writeAndFlush(message).syncUninterruptibly();
  }

  public void dropConnections() {
    channels.close().syncUninterruptibly();
  }

  public int connections() {
    return channels.size();
  }

  public List<WorkerMessage> received() {
    return List.copyOf(received);
  }

  public List<Register> registers() {
    return received.stream().filter(Register.class::isInstance).map(Register.class::cast).toList();
  }

  public List<Heartbeat> heartbeats() {
    return received.stream().filter(Heartbeat.class::isInstance).map(Heartbeat.class::cast).toList();
  }

  public List<TaskStatus> statuses() {
    return received.stream().filter(TaskStatus.class::isInstance).map(TaskStatus.class::cast).toList();
  }

  public List<TaskUpdate> updates() {
    return statuses().stream().flatMap(s -> s.updates().stream()).toList();
  }

  /** Closes the listener and every connection; idempotent. */
  @Override
  public void close() {
    if (group.isShuttingDown()) return;
    channels.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
