package io.orchestrate.bench.fleet;

import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredReceiver;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.GatewayAddress;
import io.orchestrate.gateway.protocol.GatewayPipeline;
import io.orchestrate.gateway.protocol.Heartbeat;
import io.orchestrate.gateway.protocol.LeaderMessage;
import io.orchestrate.gateway.protocol.ManagerMessage;
import io.orchestrate.gateway.protocol.NodeStats;
import io.orchestrate.gateway.protocol.NotLeader;
import io.orchestrate.gateway.protocol.Register;
import io.orchestrate.gateway.protocol.Registered;
import io.orchestrate.gateway.protocol.RunningTask;
import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated node: a real gateway connection (the same codec, Register, heartbeats with the
 * version and digest of the desired set held, leader-following on {@link NotLeader}) without any
 * task driver. Every (task, generation) newly in its desired set is reported RUNNING at once, one
 * {@link TaskStatus} per accepted frame, and it runs until the set drops it. Its desired set is
 * assembled by the same {@link DesiredReceiver} the real worker uses, reset on every Registered.
 *
 * <p>What it runs survives reconnections, as a real worker's containers do, and goes into every
 * Register. After {@link #mark()} it counts each task it held at the mark that a later set drops or
 * sends again with another generation: after a failover there must be none.
 *
 * <p>Confined to one event loop of the fleet's shared group; {@link #term()} is a volatile read for
 * the bench.
 */
final class SimulatedWorker {
  /** Hints followed at once in a row before backoff applies, so that two confused followers cannot ping-pong a worker. */
  private static final int IMMEDIATE_HINT_HOPS = 3;
  private static final long BACKOFF_MIN_MS = 50;
  private static final long BACKOFF_MAX_MS = 1_000;
  /** A gateway that accepts the connection but does not answer Register in this time is left for the next. */
  private static final long REGISTER_TIMEOUT_MS = 5_000;
  /**
   * The same with TLS, whose handshake comes first: the gateway's own register timeout. With 5 s,
   * 1,000 nodes handshaking at once on a loaded 2-core machine all timed out together, again and again.
   */
  private static final long TLS_REGISTER_TIMEOUT_MS = 10_000;
  /** How long a worker waits, about, for a handshake permit before asking again. */
  private static final long HANDSHAKE_WAIT_MS = 40;
  /** Most updates in one TaskStatus, so that a large first set does not make a frame near the limit. */
  static final int MAX_UPDATES_PER_STATUS = 1_000;

  private final String nodeId;
  private final Resources capacity;
  private final Map<String, String> labels;
  private final List<GatewayAddress> gateways;
  private final EventLoop loop;
  private final FleetCounters counters;
  private final Bootstrap bootstrap;
  /** This node's worker certificate for the gateway, or null in plain text. */
  private final SslContext tls;
  /** The fleet's client-side handshakes in progress, shared by every worker of this process; null in plain text. */
  private final java.util.concurrent.Semaphore handshakes;
  private final long registerTimeoutMs;
  private final long startedNanos = System.nanoTime();

  // ---- event loop ----
  private final DesiredReceiver receiver = new DesiredReceiver();
  /** What this node runs: task id to generation. Kept across connections, as a worker's containers are. */
  private final Map<String, Long> held = new HashMap<>();
  private Map<String, Long> heldAtMark;
  private Channel channel;
  private GatewayAddress hint;
  private int hintHops;
  private int next;
  private int failures;
  private long highestTerm;
  private boolean registered;
  private long heartbeatSeq;
  private ScheduledFuture<?> heartbeat;
  private long backoffMaxMs = BACKOFF_MAX_MS;
  /** When a connect to each gateway last failed; cleared once registered. */
  private final Map<GatewayAddress, Long> failedAt = new HashMap<>();

  // ---- any thread ----
  private volatile boolean closed;
  /** The term of the leader this node is registered with now, 0 while it is not. */
  private volatile long term;

  SimulatedWorker(String nodeId, Resources capacity, Map<String, String> labels, List<GatewayAddress> gateways, EventLoop loop,
      FleetCounters counters) {
    this(nodeId, capacity, labels, gateways, loop, counters, null, null);
  }

  /**
   * A worker presenting {@code tls} (its own certificate) on every gateway connection; null for plain text.
   * It starts a handshake only with a permit from {@code handshakes}, shared by the fleet: see {@link SimulatedFleet#CLIENT_HANDSHAKES}.
   */
  SimulatedWorker(String nodeId, Resources capacity, Map<String, String> labels, List<GatewayAddress> gateways, EventLoop loop,
      FleetCounters counters, SslContext tls, java.util.concurrent.Semaphore handshakes) {
    this.nodeId = nodeId;
    this.tls = tls;
    this.handshakes = tls == null ? null : java.util.Objects.requireNonNull(handshakes, "handshakes");
    this.registerTimeoutMs = tls == null ? REGISTER_TIMEOUT_MS : TLS_REGISTER_TIMEOUT_MS;
    this.capacity = capacity;
    this.labels = Map.copyOf(labels);
    this.gateways = List.copyOf(gateways);
    this.loop = loop;
    this.counters = counters;
    this.next = ThreadLocalRandom.current().nextInt(gateways.size());
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) registerTimeoutMs)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            FrameMeter m = new FrameMeter(counters);
            GatewayPipeline.install(ch.pipeline());
            ch.pipeline().addAfter(GatewayPipeline.FRAME_DECODER, FrameMeter.NAME, m);
            ch.pipeline().addLast("fleet-worker", new Handler(m));
          }
        });
  }

  String nodeId() {
    return nodeId;
  }

  /** The term of the leader this node is registered with now, 0 while it is not registered. */
  long term() {
    return term;
  }

  /** Starts connecting after {@code delayMs}, so that a thousand nodes do not all knock in the same millisecond. */
  void start(long delayMs) {
    loop.schedule(this::connectNext, delayMs, TimeUnit.MILLISECONDS);
  }

  /** From now on, count every task held now that a later set drops or changes. Completes once taken on the loop. */
  Future<?> mark() {
    return loop.submit(() -> {
      heldAtMark = new HashMap<>(held);
    });
  }

  /** What the node runs now, task id to generation; completes once read on the loop. */
  Future<Map<String, Long>> held() {
    return loop.submit(() -> Map.copyOf(held));
  }

  /**
   * A worker process that restarts and has lost its copies (the process driver's children die
   * with it): everything held is forgotten, without a report, and the node registers again with
   * nothing running, as a restarted worker would.
   */
  void restartEmpty() {
    loop.execute(() -> {
      counters.heldChanged(-held.size());
      held.clear();
      if (channel != null) channel.close();
    });
  }

  /** Drops the connection; the reconnect that follows registers again with what the node runs. */
  void reconnect() {
    loop.execute(() -> {
      if (channel != null) channel.close();
    });
  }

  void close() {
    closed = true;
    loop.execute(() -> {
      if (channel != null) channel.close();
    });
  }

  // ---- event loop below ----

  private void connectNext() {
    if (closed) return;
    if (handshakes != null && !handshakes.tryAcquire()) {
      // Every permit is out: try again shortly, before connecting, so that the wait does not count against a register timeout.
      loop.schedule(this::connectNext, HANDSHAKE_WAIT_MS / 2 + ThreadLocalRandom.current().nextLong(HANDSHAKE_WAIT_MS), TimeUnit.MILLISECONDS);
      return;
    }
    java.util.concurrent.atomic.AtomicBoolean permit = new java.util.concurrent.atomic.AtomicBoolean(handshakes != null);
    Runnable release = () -> {
      if (permit.compareAndSet(true, false)) handshakes.release();
    };
    GatewayAddress target;
    if (hint != null) {
      target = hint;
      hint = null;
    } else {
      target = gateways.get(next);
      next = (next + 1) % gateways.size();
    }
    bootstrap.connect(target.host(), target.port()).addListener((ChannelFuture f) -> {
      if (closed) {
        release.run();
        f.channel().close();
        return;
      }
      if (!f.isSuccess()) {
        release.run();
        failedAt.put(target, System.nanoTime());
        counters.connectFailed();
        scheduleReconnect();
        return;
      }
      Channel ch = f.channel();
      // As the real worker: added once connected, so the handler checks the manager's certificate against the host dialed;
      // Register waits in it until the handshake is done.
      if (tls != null) {
        io.netty.handler.ssl.SslHandler ssl = tls.newHandler(ch.alloc(), target.host(), target.port());
        ch.pipeline().addFirst("tls", ssl);
        ssl.handshakeFuture().addListener(done -> release.run());
        ch.closeFuture().addListener(done -> release.run());
      }
      channel = ch;
      heartbeatSeq = 0;
      ch.writeAndFlush(register());
      ch.eventLoop().schedule(() -> {
        if (channel == ch && !registered) ch.close();
      }, registerTimeoutMs, TimeUnit.MILLISECONDS);
    });
  }

  private Register register() {
    List<RunningTask> running = new ArrayList<>(held.size());
    held.forEach((id, generation) -> running.add(new RunningTask(id, generation, TaskState.RUNNING, containerId(id), 0, null)));
    return new Register(nodeId, "127.0.0.1", capacity, labels, "process", running, false, true);
  }

  private static String containerId(String taskId) {
    return "sim-" + taskId;
  }

  private void scheduleReconnect() {
    if (closed) return;
    long delayMs;
    if (hint != null && hintHops < IMMEDIATE_HINT_HOPS) {
      hintHops++;
      delayMs = 0;
    } else {
      // Exponential with full jitter, capped at a quarter of the TTL once a leader has told it.
      long ceiling = Math.min(backoffMaxMs, BACKOFF_MIN_MS << Math.min(failures, 10));
      failures++;
      delayMs = BACKOFF_MIN_MS / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
    }
    loop.schedule(this::connectNext, delayMs, TimeUnit.MILLISECONDS);
  }

  private void onMessage(Channel ch, ManagerMessage m, int frameBytes) {
    if (m instanceof NotLeader n) {
      counters.notLeader();
      GatewayAddress named = n.leaderGateway() == null ? null : GatewayAddress.parse(n.leaderGateway(), "notLeader.leaderGateway");
      // A follower that has not noticed the leader's death still names it: a hint at a gateway that just refused us is not followed.
      hint = named != null && recentlyFailed(named) ? null : named;
      ch.close();
      return;
    }
    LeaderMessage lm = (LeaderMessage) m;
    if (lm.term() < highestTerm) {
      counters.staleTerm();
      return;
    }
    highestTerm = lm.term();
    if (lm instanceof Registered r) {
      registered(ch, r);
    } else if (lm instanceof Desired d) {
      counters.desiredFrame(frameBytes);
      Desired whole = receiver.accept(d);
      if (whole != null) apply(ch, whole.tasks());
    }
  }

  private boolean recentlyFailed(GatewayAddress address) {
    Long at = failedAt.get(address);
    return at != null && System.nanoTime() - at < TimeUnit.MILLISECONDS.toNanos(2 * backoffMaxMs);
  }

  private void registered(Channel ch, Registered r) {
    failedAt.clear();
    if (!registered) counters.registered(r.ttlMs());
    registered = true;
    term = r.term();
    failures = 0;
    hintHops = 0;
    backoffMaxMs = Math.max(BACKOFF_MIN_MS, Math.min(BACKOFF_MAX_MS, r.ttlMs() / 4));
    receiver.reset();
    if (heartbeat != null) heartbeat.cancel(false);
    long every = r.heartbeatIntervalMs();
    heartbeat = ch.eventLoop().scheduleAtFixedRate(() -> {
      if (ch.isActive()) ch.writeAndFlush(new Heartbeat(nodeId, ++heartbeatSeq, stats(), receiver.version(), receiver.digest()));
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /** Makes the held set the desired one, reporting what starts as RUNNING and what goes as STOPPED. */
  private void apply(Channel ch, List<DesiredTask> desired) {
    Map<String, Long> want = new HashMap<>(desired.size() * 2);
    for (DesiredTask t : desired) want.put(t.taskId(), t.generation());
    long now = System.currentTimeMillis();
    List<TaskUpdate> updates = new ArrayList<>();
    int sizeBefore = held.size();
    for (Iterator<Map.Entry<String, Long>> it = held.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (want.containsKey(e.getKey())) continue;
      it.remove();
      updates.add(new TaskUpdate(e.getKey(), e.getValue(), TaskState.STOPPED, containerId(e.getKey()), 0, null, "stopped: no longer desired", now));
      if (heldAtMark != null && heldAtMark.containsKey(e.getKey())) counters.countRemovedAfterMark();
    }
    int started = 0;
    for (Map.Entry<String, Long> e : want.entrySet()) {
      Long had = held.put(e.getKey(), e.getValue());
      if (had != null && had.longValue() == e.getValue()) continue;
      if (had != null && heldAtMark != null && heldAtMark.containsKey(e.getKey())) counters.countRegeneratedAfterMark();
      updates.add(new TaskUpdate(e.getKey(), e.getValue(), TaskState.RUNNING, containerId(e.getKey()), 0, null, null, now));
      started++;
    }
    counters.heldChanged(held.size() - sizeBefore);
    for (int from = 0; from < updates.size(); from += MAX_UPDATES_PER_STATUS) {
      List<TaskUpdate> batch = updates.subList(from, Math.min(updates.size(), from + MAX_UPDATES_PER_STATUS));
      ch.writeAndFlush(new TaskStatus(nodeId, new ArrayList<>(batch)));
    }
    if (started > 0) counters.reported(started);
  }

  private NodeStats stats() {
    long uptime = (System.nanoTime() - startedNanos) / 1_000_000_000L;
    return new NodeStats(1.0, 0.1, held.size() * FleetSettings.TASK_RESOURCES.memoryMb(), capacity.memoryMb(), 1024, 1024,
        (int) Math.ceil(capacity.cpu()), held.size(), uptime);
  }

  private void onInactive(Channel ch) {
    if (ch != channel) return;
    channel = null;
    if (heartbeat != null) heartbeat.cancel(false);
    heartbeat = null;
    if (registered) counters.unregistered();
    else counters.closedBeforeRegistered();
    registered = false;
    term = 0;
    scheduleReconnect();
  }

  private final class Handler extends SimpleChannelInboundHandler<ManagerMessage> {
    private final FrameMeter meter;

    Handler(FrameMeter meter) {
      this.meter = meter;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ManagerMessage msg) {
      onMessage(ctx.channel(), msg, meter.lastFrameBytes());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onInactive(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A reset (a manager killed) or a broken frame: drop the connection; the reconnect starts from channelInactive.
      if (cause instanceof java.io.IOException) counters.reset();
      else counters.protocolError();
      ctx.close();
    }
  }
}
