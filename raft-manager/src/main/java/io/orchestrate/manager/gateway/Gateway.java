package io.orchestrate.manager.gateway;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.manager.config.ConnectionLimits;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.leader.LeaderServices;
import io.orchestrate.manager.service.Leadership;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsMaterial;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds the gateway server with what its handlers need. */
public final class Gateway {
  private Gateway() {}

  public static GatewayServer server(ManagerConfig config, Leadership leadership, LeaderServices leader, NodeSessions sessions,
      Supplier<StateImage> image, Function<Command, CompletableFuture<CommandResult>> propose, Clock clock) {
    return server(config, leadership, leader, sessions, image, propose, clock, null, new io.orchestrate.manager.logs.TaskLogRelays(sessions, null));
  }

  /** The gateway with mutual TLS from {@code tls}, relaying task output to {@code logs}. */
  public static GatewayServer server(ManagerConfig config, Leadership leadership, LeaderServices leader, NodeSessions sessions,
      Supplier<StateImage> image, Function<Command, CompletableFuture<CommandResult>> propose, Clock clock, TlsMaterial tls) {
    return server(config, leadership, leader, sessions, image, propose, clock, tls, new io.orchestrate.manager.logs.TaskLogRelays(sessions, null));
  }

  /** The gateway with mutual TLS from {@code tls} (workers' certificates only), or plain text if it is null. */
  public static GatewayServer server(ManagerConfig config, Leadership leadership, LeaderServices leader, NodeSessions sessions,
      Supplier<StateImage> image, Function<Command, CompletableFuture<CommandResult>> propose, Clock clock, TlsMaterial tls,
      io.orchestrate.manager.logs.TaskLogRelays logs) {
    long hb = config.heartbeatInterval().toMillis();
    long ttl = config.nodeTtl().toMillis();
    ConnectionLimits limits = config.limits();
    return new GatewayServer(() -> new GatewayHandler(config.id(), leadership, leader, sessions, image, propose, clock, hb, ttl,
        limits.gatewayRegisterTimeout(), logs), ttl, limits.gatewayFrameTimeout(), limits.gatewayMaxConnections(),
        tls == null ? null : TlsContexts.nettyServer(tls, EnumSet.of(Role.WORKER)));
  }
}
