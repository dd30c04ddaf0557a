package io.orchestrate.manager.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.ReportTasks;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.gateway.protocol.GatewayMessage;
import io.orchestrate.gateway.protocol.Heartbeat;
import io.orchestrate.gateway.protocol.HeartbeatAck;
import io.orchestrate.gateway.protocol.NotLeader;
import io.orchestrate.gateway.protocol.Register;
import io.orchestrate.gateway.protocol.Registered;
import io.orchestrate.gateway.protocol.RunningTask;
import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import io.orchestrate.manager.leader.LeaderServices;
import io.orchestrate.manager.service.Leadership;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.StateImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker connection. A manager that does not lead answers Register with NotLeader naming the
 * leader's gateway and closes; the leader records the node, learns what it runs, opens a session
 * and sends the node its desired set. Status reports become {@link ReportTasks} commands, which the
 * proposer coalesces with everything else into few log entries.
 */
final class GatewayHandler extends SimpleChannelInboundHandler<GatewayMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
  /** The pipeline name of the TLS handler, when the gateway has one. */
  static final String TLS_HANDLER = "tls";

  private final String selfId;
  private final Leadership leadership;
  private final LeaderServices leader;
  private final NodeSessions sessions;
  private final Supplier<StateImage> image;
  private final Function<Command, CompletableFuture<CommandResult>> propose;
  private final Clock clock;
  private final long heartbeatMs;
  private final long ttlMs;
  private final Duration registerTimeout;
  private final io.orchestrate.manager.logs.TaskLogRelays logs;
  private String nodeId;
  private boolean keepalive;
  private NodeSessions.Session session;
  /** What the worker registered with, to register it again if it is declared down while still here. */
  private Register registration;

  GatewayHandler(String selfId, Leadership leadership, LeaderServices leader, NodeSessions sessions, Supplier<StateImage> image,
      Function<Command, CompletableFuture<CommandResult>> propose, Clock clock, long heartbeatMs, long ttlMs, Duration registerTimeout,
      io.orchestrate.manager.logs.TaskLogRelays logs) {
    this.logs = logs;
    this.selfId = selfId;
    this.leadership = leadership;
    this.leader = leader;
    this.sessions = sessions;
    this.image = image;
    this.propose = propose;
    this.clock = clock;
    this.heartbeatMs = heartbeatMs;
    this.ttlMs = ttlMs;
    this.registerTimeout = registerTimeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    // Only a registered worker is worth a connection; anything else is closed once the time is up.
    ctx.executor().schedule(() -> {
      if (nodeId == null && ctx.channel().isActive()) {
        LOG.warn("gateway: {} did not register within {} ms; closing", ctx.channel().remoteAddress(), registerTimeout.toMillis());
        ctx.close();
      }
    }, registerTimeout.toNanos(), TimeUnit.NANOSECONDS);
    super.channelActive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, GatewayMessage msg) {
    switch (msg.type()) {
      case REGISTER -> register(ctx, (Register) msg);
      case HEARTBEAT -> {
        Heartbeat h = (Heartbeat) msg;
        if (!registered(ctx, h.nodeId())) return;
        leader.heartbeat(nodeId, session == null ? java.time.Duration.ofMillis(ttlMs) : session.ttl());
        sessions.stats(nodeId, h.stats());
        reviveIfDown();
        if (h.applied() != null && session != null) session.delivery().acknowledged(h.applied(), h.digest(), System.nanoTime());
        if (keepalive) {
          long term = leader.term();
          // A deposed leader has nothing to vouch for: closing sends the worker looking for the new one.
          if (term == 0) ctx.close();
          else ctx.writeAndFlush(new HeartbeatAck(term, h.seq()));
        }
      }
      case TASK_STATUS -> {
        TaskStatus s = (TaskStatus) msg;
        if (!registered(ctx, s.nodeId())) return;
        List<ReportTasks.Report> reports = new ArrayList<>();
        for (TaskUpdate u : s.updates()) {
          reports.add(new ReportTasks.Report(nodeId, u.taskId(), u.generation(), u.state(), u.restarts(), u.containerId(),
              u.exitCode(), u.reason(), u.atMillis(), u.health()));
        }
        propose.apply(new ReportTasks(reports));
      }
      case LOG_CHUNK -> {
        io.orchestrate.gateway.protocol.LogChunk c = (io.orchestrate.gateway.protocol.LogChunk) msg;
        if (!registered(ctx, c.nodeId())) return;
        logs.chunk(nodeId, c);
      }
      default -> {
        LOG.warn("gateway: unexpected {} from {}; closing", msg.type(), ctx.channel().remoteAddress());
        ctx.close();
      }
    }
  }

  private void register(ChannelHandlerContext ctx, Register r) {
    if (!certificateNames(ctx, r.nodeId())) return;
    long term = leader.term();
    if (term == 0 || !leadership.isLeader()) {
      String leaderId = leadership.leaderId();
      ManagerInfo m = leaderId == null ? null : image.get().managers().get(leaderId);
      ctx.writeAndFlush(new NotLeader(leaderId, m == null ? null : m.gatewayAddress())).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (!io.orchestrate.core.command.CommandChecks.isId(r.nodeId())) {
      // Its RegisterNode would be refused at the log's gate; say so here and hang up.
      LOG.warn("refused a registration from {}: node id '{}' is not 1-128 letters, digits, '.', '_' or '-'",
          ctx.channel().remoteAddress(), r.nodeId().length() > 64 ? r.nodeId().substring(0, 64) + "..." : r.nodeId());
      ctx.close();
      return;
    }
    nodeId = r.nodeId();
    keepalive = r.keepalive();
    registration = r;
    Node known = image.get().nodes().get(nodeId);
    if (known == null || known.state() == NodeState.DOWN || !known.capacity().equals(r.capacity())
        || !known.labels().equals(r.labels()) || !Objects.equals(known.address(), r.address()) || !Objects.equals(known.driver(), r.driver())
        || !known.allows().equals(r.allows())) {
      propose.apply(new RegisterNode(nodeId, r.address(), r.capacity(), r.labels(), r.driver(), clock.millis(), r.allows()));
    }
    if (!r.runningTasks().isEmpty()) {
      List<ReportTasks.Report> reports = new ArrayList<>();
      long now = clock.millis();
      for (RunningTask t : r.runningTasks()) {
        reports.add(new ReportTasks.Report(nodeId, t.taskId(), t.generation(), t.state(), t.restarts(), t.containerId(), t.exitCode(), null, now,
            t.health()));
      }
      propose.apply(new ReportTasks(reports));
    }
    // Paced with the fleet: a large one heartbeats less often, so the leader keeps up with it.
    io.orchestrate.manager.leader.HeartbeatPacing.Pace pace = leader.pace();
    long hb = Math.max(heartbeatMs, pace.intervalMs());
    long ttl = Math.max(ttlMs, pace.ttlMs());
    session = sessions.open(nodeId, ctx.channel(), r.readsVersionedDesired(), java.time.Duration.ofMillis(hb), java.time.Duration.ofMillis(ttl));
    session.servesLogs(r.servesLogs());
    if (ttl > ttlMs && ctx.pipeline().get(io.netty.handler.timeout.IdleStateHandler.class) != null) {
      // The connection is dropped after the TTL this worker was told, not the one for a small fleet.
      ctx.pipeline().replace(io.netty.handler.timeout.IdleStateHandler.class, "idle",
          new io.netty.handler.timeout.IdleStateHandler(ttl, 0, 0, TimeUnit.MILLISECONDS));
    }
    ctx.writeAndFlush(new Registered(term, selfId, hb, ttl));
    leader.nodeConnected(session);
    LOG.info("worker {} connected from {} (term {})", nodeId, ctx.channel().remoteAddress(), term);
  }

  /**
   * A node declared DOWN while its connection stayed up (its heartbeats were late, or a new leader's
   * grace ran out while thousands of workers registered at once) would otherwise stay DOWN for as
   * long as the connection lasts: only a registration brings a node back. Its heartbeats prove it
   * is here, so it is registered again from what it sent; its tasks were already replaced, and its
   * desired set tells it to stop the old copies.
   */
  private void reviveIfDown() {
    if (registration == null || leader.term() == 0) return;
    Node n = image.get().nodes().get(nodeId);
    if (n != null && n.state() != NodeState.DOWN) return;
    LOG.info("worker {} is {} but still heartbeating on its connection; registering it again", nodeId, n == null ? "unknown" : "DOWN");
    Register r = registration;
    propose.apply(new RegisterNode(nodeId, r.address(), r.capacity(), r.labels(), r.driver(), clock.millis(), r.allows()));
  }

  /**
   * With TLS, a worker registers only the node id its certificate names: w1's certificate cannot
   * register as w2, nor take over w2's session (refused before any session is looked at). Without
   * TLS there is no identity to compare and every registration goes on.
   */
  private boolean certificateNames(ChannelHandlerContext ctx, String claimed) {
    io.netty.handler.ssl.SslHandler ssl = (io.netty.handler.ssl.SslHandler) ctx.pipeline().get(TLS_HANDLER);
    if (ssl == null) return true;
    String holder;
    try {
      holder = io.orchestrate.security.Identity.of(ssl.engine().getSession()).name();
    } catch (javax.net.ssl.SSLPeerUnverifiedException | RuntimeException e) {
      LOG.warn("refused a registration from {}: no usable certificate ({})", ctx.channel().remoteAddress(), e.getMessage());
      ctx.close();
      return false;
    }
    if (holder.equals(claimed)) return true;
    LOG.warn("refused a registration from {}: the certificate for {} cannot register node {}",
        ctx.channel().remoteAddress(), holder, claimed.length() > 64 ? claimed.substring(0, 64) + "..." : claimed);
    ctx.close();
    return false;
  }

  private boolean registered(ChannelHandlerContext ctx, String claimed) {
    if (nodeId != null && nodeId.equals(claimed)) return true;
    LOG.warn("gateway: message for node {} before it registered on this connection; closing", claimed);
    ctx.close();
    return false;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      // Nothing heard for a whole TTL: the worker or the path to it is gone.
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (nodeId != null) sessions.closed(nodeId, ctx.channel());
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() instanceof javax.net.ssl.SSLException) {
      // A refused handshake: HandshakeLog has said why, without the bytes a plain-text peer sent.
      ctx.close();
      return;
    }
    LOG.warn("gateway connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
