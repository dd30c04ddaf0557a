package io.orchestrate.worker.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredReceiver;
import io.orchestrate.gateway.protocol.GatewayAddress;
import io.orchestrate.gateway.protocol.GatewayPipeline;
import io.orchestrate.gateway.protocol.Heartbeat;
import io.orchestrate.gateway.protocol.HeartbeatAck;
import io.orchestrate.gateway.protocol.LeaderMessage;
import io.orchestrate.gateway.protocol.LogCancel;
import io.orchestrate.gateway.protocol.LogCredit;
import io.orchestrate.gateway.protocol.LogRequest;
import io.orchestrate.gateway.protocol.ManagerMessage;
import io.orchestrate.gateway.protocol.NodeStats;
import io.orchestrate.gateway.protocol.NotLeader;
import io.orchestrate.gateway.protocol.Register;
import io.orchestrate.gateway.protocol.Registered;
import io.orchestrate.gateway.protocol.WorkerMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's one connection to the manager gateway. It connects to a gateway from its list,
 * sends {@link Register}, and moves to the gateway a {@link NotLeader} names. When the connection
 * drops or a connect fails it tries again, with exponential backoff and jitter, through the list
 * and any hint. Heartbeats run at the interval the leader gave in {@link Registered}. Leader
 * messages pass the {@link TermFence} before reaching the {@link ManagerListener}.
 *
 * <p><b>Finding a new leader within the TTL.</b> A new leader gives every node one TTL to reach it
 * before it may declare the node down, so the client must find it well inside that time:
 * <ul>
 *   <li>once a leader has told it the TTL, reconnect delays and connect timeouts are capped at a
 *       quarter of it;
 *   <li>a follower that has not noticed the old leader's death still names it; a hint naming a
 *       gateway that refused or timed out on us moments ago is not followed, so those stale hints
 *       neither cost a hop nor use up the immediate hops that the fresh hint of the new leader needs;
 *   <li>a leader that acknowledges heartbeats ({@link HeartbeatAck}) and then stays silent for a
 *       third of the TTL has frozen or lost its way to us; the connection is dropped and the search
 *       begins, instead of heartbeats piling up in the socket of a paused process.
 * </ul>
 *
 * <p>Losing the manager never touches tasks: this class only talks, and the reconciler keeps
 * running what it runs until a leader says otherwise.
 *
 * <p><b>Threading.</b> One Netty event loop owns all connection state ({@link #channel},
 * {@link #hint}, the backoff, the heartbeat). {@link #send} hands the message to that loop, so a
 * message sent while a Register is being written is ordered after it. {@link #state} and the
 * counters are volatile reads for metrics and tests.
 */
public final class GatewayClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);
  /** Hints followed at once in a row before backoff applies, so two confused followers cannot ping-pong us. */
  private static final int IMMEDIATE_HINT_HOPS = 3;

  private final GatewayClientSettings settings;
  private final Supplier<Register> register;
  private final Supplier<NodeStats> stats;
  private final ManagerListener listener;
  private final TermFence fence;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  /** Mutual TLS to the gateway, or null for plain text. */
  private final io.netty.handler.ssl.SslContext tls;
  private final Backoff backoff;

  private Channel channel;
  private GatewayAddress hint;
  private int hintHops;
  private int next;
  private long heartbeatSeq;
  private ScheduledFuture<?> heartbeat;
  private volatile boolean closed;
  private volatile boolean isolated;
  private volatile ConnectionState state = ConnectionState.DISCONNECTED;
  private volatile GatewayAddress connectedTo;
  private volatile long heartbeatIntervalMs;
  private volatile long ignoredDesired;
  /** When a connect to each gateway last failed (loop thread); cleared once registered. */
  private final Map<GatewayAddress, Long> failedAt = new HashMap<>();
  private long ttlNanos;
  private long lastHeardNanos;
  private boolean acked;
  /** Bound of one connect and of an unanswered Register: the connect timeout, lowered to a quarter of the TTL once known. */
  private long attemptTimeoutMs;
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong silentLeaders = new AtomicLong();
  private final AtomicLong ignoredStale = new AtomicLong();
  /** What the leader wants this node to run, as far as this connection's frames tell (loop thread). */
  private final DesiredReceiver desired = new DesiredReceiver();

  public GatewayClient(GatewayClientSettings settings, Supplier<Register> register, Supplier<NodeStats> stats,
      ManagerListener listener, TermFence fence) {
    this(settings, register, stats, listener, fence, null);
  }

  /** A client that speaks mutual TLS with {@code tls} (a manager's certificate for the host dialed), or plain text if it is null. */
  public GatewayClient(GatewayClientSettings settings, Supplier<Register> register, Supplier<NodeStats> stats,
      ManagerListener listener, TermFence fence, io.netty.handler.ssl.SslContext tls) {
    this.tls = tls;
    this.settings = settings;
    this.register = register;
    this.stats = stats;
    this.listener = listener;
    this.fence = fence;
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("gateway-client-" + settings.nodeId(), true));
    this.loop = group.next();
    this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax(), () -> ThreadLocalRandom.current().nextDouble());
    this.attemptTimeoutMs = settings.connectTimeout().toMillis();
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) attemptTimeoutMs)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            GatewayPipeline.install(ch.pipeline(), settings.maxFrameBytes()).addLast("gateway-client", new Handler());
          }
        });
  }

  public void start() {
    loop.execute(this::connectNext);
  }

  /**
   * Fault injection for tests: behave as if the network to every manager were cut. The connection
   * drops and every connection attempt fails until {@code isolate(false)}; tasks are not touched,
   * exactly as in a real partition (the worker cannot tell the two apart).
   */
  public void isolate(boolean on) {
    isolated = on;
    if (on) {
      loop.execute(() -> {
        if (channel != null) channel.close();
      });
    }
  }

  /** Sends a message if a gateway connection is up; otherwise drops it (Register will carry the state). */
  public void send(WorkerMessage message) {
    if (closed) return;
    loop.execute(() -> {
      if (channel != null && channel.isActive()) channel.writeAndFlush(message);
    });
  }

  public ConnectionState state() {
    return state;
  }

  /** The gateway of the current connection, or null. */
  public GatewayAddress connectedTo() {
    return connectedTo;
  }

  /** Connections lost or failed that were followed by another attempt. */
  public long reconnects() {
    return reconnects.get();
  }

  /** Connections dropped because a leader that acknowledges heartbeats fell silent. */
  public long silentLeaders() {
    return silentLeaders.get();
  }

  /** Leader messages ignored because their term was below the highest seen. */
  public long ignoredStaleMessages() {
    return ignoredStale.get();
  }

  /** Desired-set frames turned away (duplicates, out of order, after a gap) since start. */
  public long ignoredDesiredFrames() {
    return ignoredDesired;
  }

  /** The heartbeat interval the current leader asked for, or 0 before the first Registered. */
  public long heartbeatIntervalMs() {
    return heartbeatIntervalMs;
  }

  // ---- event loop below ----

  private void connectNext() {
    if (closed) return;
    if (isolated) {
      state = ConnectionState.DISCONNECTED;
      scheduleReconnect();
      return;
    }
    GatewayAddress target;
    if (hint != null) {
      target = hint;
      hint = null;
    } else {
      target = settings.managers().get(next);
      next = (next + 1) % settings.managers().size();
    }
    state = ConnectionState.CONNECTING;
    log.debug("connecting to gateway {}", target);
    bootstrap.connect(target.host(), target.port()).addListener((ChannelFuture f) -> {
      if (closed) {
        f.channel().close();
        return;
      }
      if (!f.isSuccess()) {
        log.debug("gateway {} unreachable: {}", target, f.cause().toString());
        failedAt.put(target, System.nanoTime());
        state = ConnectionState.DISCONNECTED;
        scheduleReconnect();
        return;
      }
      Channel ch = f.channel();
      // Added now rather than at init: the handler must know the host dialed, which the manager's certificate must name.
      // Register below waits in it until the handshake is done.
      if (tls != null) ch.pipeline().addFirst("tls", tls.newHandler(ch.alloc(), target.host(), target.port()));
      // Register is built here, on the loop, so any TaskStatus sent later is ordered after it.
      ch.writeAndFlush(register.get());
      channel = ch;
      connectedTo = target;
      heartbeatSeq = 0;
      state = ConnectionState.REGISTERING;
      // A paused manager's kernel still accepts connections; one that never answers Register is left.
      ch.eventLoop().schedule(() -> {
        if (channel == ch && state == ConnectionState.REGISTERING) {
          log.info("gateway {} did not answer the registration in {} ms; trying the others", target, attemptTimeoutMs);
          failedAt.put(target, System.nanoTime());
          ch.close();
        }
      }, attemptTimeoutMs, TimeUnit.MILLISECONDS);
    });
  }

  private void scheduleReconnect() {
    if (closed) return;
    reconnects.incrementAndGet();
    long delayNanos;
    if (hint != null && hintHops < IMMEDIATE_HINT_HOPS) {
      hintHops++;
      delayNanos = 0;
    } else {
      delayNanos = backoff.next().toNanos();
    }
    loop.schedule(this::connectNext, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void onMessage(Channel ch, ManagerMessage m) {
    if (m instanceof NotLeader n) {
      GatewayAddress named = n.leaderGateway() == null ? null : GatewayAddress.parse(n.leaderGateway());
      if (named != null && recentlyFailed(named)) {
        log.info("gateway {} is not the leader and still names {} at {}, which just failed to answer; trying the others",
            connectedTo, n.leaderId(), named);
      } else {
        hint = named;
        if (named == null) {
          log.info("gateway {} is not the leader and knows no leader yet; trying the others", connectedTo);
        } else {
          log.info("gateway {} is not the leader; the leader is {} at {}", connectedTo, n.leaderId() == null ? "unnamed" : n.leaderId(), named);
        }
      }
      ch.close();
      return;
    }
    if (m instanceof LogRequest || m instanceof LogCredit || m instanceof LogCancel) {
      // Only from the manager this worker registered with; answered on the connection it came on.
      if (state != ConnectionState.REGISTERED || ch != channel) return;
      listener.onLogMessage(m, reply -> {
        if (!ch.isActive()) return false;
        ch.writeAndFlush(reply);
        return true;
      });
      return;
    }
    LeaderMessage lm = (LeaderMessage) m;
    if (!fence.admit(lm.term())) {
      ignoredStale.incrementAndGet();
      log.warn("ignoring {} of term {}: term {} has been seen", lm.type().tag(), lm.term(), fence.highest());
      return;
    }
    lastHeardNanos = System.nanoTime();
    if (lm instanceof HeartbeatAck) {
      acked = true;
    } else if (lm instanceof Registered r) {
      backoff.reset();
      hintHops = 0;
      failedAt.clear();
      ttlNanos = Duration.ofMillis(r.ttlMs()).toNanos();
      Duration quarter = Duration.ofMillis(Math.max(1, r.ttlMs() / 4));
      backoff.capAt(quarter);
      attemptTimeoutMs = Math.min(settings.connectTimeout().toMillis(), quarter.toMillis());
      bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) attemptTimeoutMs);
      state = ConnectionState.REGISTERED;
      desired.reset();
      heartbeatIntervalMs = r.heartbeatIntervalMs();
      acked = false;
      startHeartbeats(ch, Duration.ofMillis(r.heartbeatIntervalMs()));
      log.info("registered with leader {} (term {}) at {}", r.leaderId(), r.term(), connectedTo);
    } else if (lm instanceof Desired d) {
      long ignoredBefore = desired.ignored();
      Desired whole = desired.accept(d);
      ignoredDesired = desired.ignored();
      if (whole != null) {
        listener.onDesired(whole);
      } else if (desired.ignored() > ignoredBefore) {
        log.info("desired set frame {} (base {}) does not follow version {}; the next heartbeat asks the leader for the whole set",
            d.version(), d.base(), desired.version());
      }
    }
  }

  /** True when a connect to {@code address} failed within the current reconnect bound, twice over. */
  private boolean recentlyFailed(GatewayAddress address) {
    Long at = failedAt.get(address);
    return at != null && System.nanoTime() - at < 2 * backoff.max().toNanos();
  }

  private void startHeartbeats(Channel ch, Duration every) {
    if (heartbeat != null) heartbeat.cancel(false);
    long nanos = every.toNanos();
    // Silence allowed from a leader that acks: a third of the TTL, and never less than two beats.
    long silenceNanos = Math.max(2 * nanos, ttlNanos / 3);
    heartbeat = ch.eventLoop().scheduleAtFixedRate(() -> {
      if (!ch.isActive()) return;
      if (acked && System.nanoTime() - lastHeardNanos > silenceNanos) {
        silentLeaders.incrementAndGet();
        log.warn("leader at {} acknowledged no heartbeat for {} ms; looking for the leader again", connectedTo,
            (System.nanoTime() - lastHeardNanos) / 1_000_000);
        ch.close();
        return;
      }
      ch.writeAndFlush(new Heartbeat(settings.nodeId(), ++heartbeatSeq, stats.get(), desired.version(), desired.digest()));
    }, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private void onInactive(Channel ch) {
    if (ch != channel) return;
    channel = null;
    connectedTo = null;
    if (heartbeat != null) heartbeat.cancel(false);
    heartbeat = null;
    listener.onDisconnected();
    if (closed) return;
    state = ConnectionState.DISCONNECTED;
    log.info("gateway connection lost; reconnecting");
    scheduleReconnect();
  }

  private final class Handler extends SimpleChannelInboundHandler<ManagerMessage> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ManagerMessage msg) {
      onMessage(ctx.channel(), msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onInactive(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.warn("gateway connection to {} failed: {}", connectedTo, cause.toString());
      ctx.close();
    }
  }

  /** Closes the connection; tasks are not affected. */
  @Override
  public void close() {
    closed = true;
    state = ConnectionState.CLOSED;
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
