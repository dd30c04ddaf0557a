package io.orchestrate.cli.server;

import io.orchestrate.manager.Manager;
import io.orchestrate.core.util.DurationText;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.config.ManagerConfigFile;
import io.orchestrate.manager.config.Retention;
import io.orchestrate.security.PlainTextWarning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orchestrate manager}: runs one manager until it is signalled to stop. */
@Command(
    name = "manager",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a manager: one replica of the Raft-replicated control plane, serving the HTTP API.",
        "Start three (or five) with the same --peers on separate hosts; any minority may fail.",
        "Settings come from --config FILE (YAML, keys as the flags in camelCase) and flags; flags win."})
public final class ManagerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (id, dataDir, peers, api, gateway, clusterName, ...).")
  Path config;

  @Option(names = "--id", paramLabel = "ID", description = "This manager's id; must appear in --peers.")
  String id;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the Raft log, snapshots and the RocksDB state live.")
  Path dataDir;

  @Option(names = "--peers", paramLabel = "ID=HOST:PORT,...", description = "Every initial manager's Raft address, this one included.")
  String peers;

  @Option(names = "--api", paramLabel = "HOST:PORT", description = "HTTP API address. Clients and other managers must be able to reach it.")
  String api;

  @Option(names = "--gateway", paramLabel = "HOST:PORT", description = "Worker gateway address.")
  String gateway;

  @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name; managers of one cluster must agree (default: orchestrate).")
  String clusterName;

  @Option(names = "--join", description = "Start with no membership and wait to be added by `orchestrate cluster add-manager`;"
      + " --peers then names only this manager. Keep it on later starts: once added, the membership comes from the data directory.")
  Boolean join;

  @Option(names = "--acl", negatable = true, description = "Require an API token (Authorization: Bearer) with the right role on every API"
      + " request but /v1/health; `orchestrate acl bootstrap` makes the first one (config key acl). Default: on with --ca/--cert/--key,"
      + " off with --insecure (a token sent in plain text can be read off the network).")
  Boolean acl;

  @Option(names = "--insecure", description = "Run without TLS, every port open to whoever reaches it (config key insecure: true)."
      + " Without --ca/--cert/--key a manager refuses to start unless given this; it then logs a warning every minute.")
  boolean insecure;

  @Option(names = "--scheduler", paramLabel = "ALGORITHM", description = {
      "How the leader places tasks: epvm (default: spreads load, steers away from resources close to full), binpack"
          + " (fills nodes before using others), spread (fewest tasks of the job per node) or round-robin (config key"
          + " scheduler). A job may name its own with scheduler: in its file.",
      "Every manager should be given the same: whichever leads places."})
  String scheduler;

  @Option(names = "--job-retention", paramLabel = "DURATION|off", description = {
      "How long a stopped or finished job is kept, with its tasks and idempotency key, before the leader removes it"
          + " (e.g. 12h, 7d; default: 24h). 'off' keeps ended jobs forever; 0 is refused.",
      "A retry with the idempotency key of a removed job creates a new job."})
  String jobRetention;

  @Option(names = "--node-retention", paramLabel = "DURATION|off", description =
      "How long a DOWN node is kept before the leader removes it (default: 24h); 'off' keeps DOWN nodes forever; 0 is refused.")
  String nodeRetention;

  @Option(names = "--max-job-bytes", paramLabel = "BYTES", description =
      "Largest job file the API accepts; larger ones get 413 (default: 262144). --max-entry-bytes must hold twice this plus the task ids.")
  Integer maxJobBytes;

  @Option(names = "--max-entry-bytes", paramLabel = "BYTES", description = {
      "Largest Raft log entry the leader builds or accepts (default: 1048576). Concurrent requests are batched up to this size;",
      "Raft's appender buffer is set to at least twice it, so that every entry can be replicated."})
  Integer maxEntryBytes;

  @Option(names = "--skip-entry", paramLabel = "INDEX", split = ",", description = {
      "Apply the committed log entry at INDEX as nothing. Only for the runbook ops/runbooks/unappliable-entry.md,",
      "when every manager stops at that entry (exit 70): give every manager the same index, once, then restart without it."})
  java.util.List<Long> skipEntries;

  @Option(names = "--heartbeat-interval", paramLabel = "DURATION", description =
      "How often workers heartbeat while the fleet is small (default: 1s); see --max-heartbeats-per-second.")
  String heartbeatInterval;

  @Option(names = "--node-ttl", paramLabel = "DURATION", description =
      "A worker silent this long is declared DOWN and its tasks replaced (default: 6s; at least two heartbeat intervals).")
  String nodeTtl;

  @Option(names = "--max-heartbeats-per-second", paramLabel = "N", description = {
      "The most heartbeats a second the leader asks of the fleet (default: 1000). A worker registering into a larger fleet",
      "is told a longer interval and TTL in proportion (10,000 workers: every 10s, DOWN after 60s with the defaults)."})
  Integer maxHeartbeatsPerSecond;

  @Option(names = "--http-header-timeout", paramLabel = "DURATION", description =
      "An API request's line and headers must arrive within this from its first byte, or the connection is closed (default: 10s).")
  String httpHeaderTimeout;

  @Option(names = "--http-body-timeout", paramLabel = "DURATION", description =
      "An API request's body must arrive within this from the end of its headers, or the connection is closed (default: 30s).")
  String httpBodyTimeout;

  @Option(names = "--http-idle-timeout", paramLabel = "DURATION", description =
      "A keep-alive API connection with nothing under way is closed after this long (default: 60s).")
  String httpIdleTimeout;

  @Option(names = "--http-max-connections", paramLabel = "N", description =
      "Most open API connections; one more is answered 503 and closed (default: 1024). Bodies are at most 1 MiB each.")
  Integer httpMaxConnections;

  @Option(names = "--events-window", paramLabel = "N", description =
      "Events each manager keeps for GET /v1/events; a client asking for older ones gets 410 (default: 16384).")
  Integer eventsWindow;

  @Option(names = "--events-max-streams", paramLabel = "N", description =
      "Most event streams open at once on this manager; one more is answered 503 (default: 128).")
  Integer eventsMaxStreams;

  @Option(names = "--events-heartbeat", paramLabel = "DURATION", description =
      "An idle event stream gets a comment line this often, so proxies keep it open (default: 15s).")
  String eventsHeartbeat;

  @Option(names = "--events-slow-client-timeout", paramLabel = "DURATION", description =
      "An event stream whose client has not read what was sent for this long is closed (default: 30s).")
  String eventsSlowClientTimeout;

  @Option(names = "--max-blocking-wait", paramLabel = "DURATION", description =
      "The longest wait a blocking read (?index=N&wait=D) may ask for (default: 5m).")
  String maxBlockingWait;

  @Option(names = "--logs-max-streams", paramLabel = "N", description =
      "Most task output streams (orchestrate logs) this manager relays at once; one more is answered 429 (default: 256).")
  Integer logsMaxStreams;

  @Option(names = "--logs-max-streams-per-client", paramLabel = "N", description =
      "Of those, the most one client (an API token, or else an address) may hold (default: 64; at most --logs-max-streams).")
  Integer logsMaxStreamsPerClient;

  @Option(names = "--logs-slow-client-timeout", paramLabel = "DURATION", description =
      "A task output stream whose client has taken nothing of what was sent for this long is closed (default: 1m).")
  String logsSlowClientTimeout;

  @Option(names = "--gateway-frame-timeout", paramLabel = "DURATION", description =
      "A worker's gateway frame must arrive whole within this from its first byte, or the connection is closed (default: 10s).")
  String gatewayFrameTimeout;

  @Option(names = "--gateway-register-timeout", paramLabel = "DURATION", description =
      "A gateway connection that has not registered a worker within this is closed (default: 10s).")
  String gatewayRegisterTimeout;

  @Option(names = "--gateway-max-connections", paramLabel = "N", description = {
      "Most open gateway connections, one per worker; one more is closed at once (default: 4096).",
      "Memory in unfinished frames is at most this times the 16 MiB frame limit."})
  Integer gatewayMaxConnections;

  @Option(names = "--ca", paramLabel = "FILE", description = "The cluster CA (bundle) every peer's certificate must come from."
      + " With --cert and --key: mutual TLS on the Raft, API and gateway ports; without all three, plain text.")
  Path ca;

  @Option(names = "--cert", paramLabel = "FILE", description = "This manager's certificate (tls issue --role manager --host ...).")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "This manager's private key.")
  Path key;

  @Option(names = "--print-config", description = "Print the effective configuration and exit.")
  boolean printConfig;

  @Override
  public Integer call() throws Exception {
    ManagerConfig cfg = build();
    boolean plain = plainText(cfg);
    if (printConfig) {
      java.util.Map<String, Object> shown = new java.util.LinkedHashMap<>(ManagerConfigFile.render(cfg));
      if (plain) shown.put("insecure", true);
      spec.commandLine().getOut().print(new String(io.orchestrate.core.codec.Json.yaml().writeValueAsBytes(shown),
          java.nio.charset.StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (!plain && cfg.tls() == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), PlainTextWarning.refusal("manager " + cfg.id()));
    }
    Manager m = Manager.start(cfg);
    ReloadOnHangup.install(m.tls(), "manager " + cfg.id());
    try (PlainTextWarning warning = plain ? PlainTextWarning.start("manager " + cfg.id(), PlainTextWarning.MANAGER_EXPOSURE) : null) {
      // Returns after a removal; Main's exit then runs the shutdown hook that closes the manager.
      return m.serveUntilStopped(() -> {
        spec.commandLine().getOut().printf("manager %s running: raft %s, api %s%s (Ctrl-C to stop)%n", cfg.id(), cfg.raftAddress(), m.apiAddress(),
            plain ? ", WITHOUT TLS" : ", mutual TLS" + (cfg.acl() ? " and API tokens" : ""));
        spec.commandLine().getOut().flush();
      }, line -> {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
      });
    }
  }

  /**
   * Whether this manager runs in plain text: only when asked ({@code --insecure} or config key
   * insecure), never together with TLS files. A manager with neither is refused by {@link #call()}
   * (but its config may still be printed).
   */
  boolean plainText(ManagerConfig cfg) {
    boolean asked = insecure || (config != null && Boolean.TRUE.equals(flag("insecure")));
    if (asked && cfg.tls() != null) throw new CommandLine.ParameterException(spec.commandLine(), PlainTextWarning.contradiction("manager " + cfg.id()));
    return asked;
  }

  private Boolean flag(String key) {
    try {
      return ManagerConfigFile.flag(config, key);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  ManagerConfig build() {
    ManagerConfig.Builder b = ManagerConfig.builder();
    try {
      if (config != null) ManagerConfigFile.apply(config, b);
      if (id != null) b.id(id);
      if (dataDir != null) b.dataDir(dataDir);
      if (peers != null) b.peers(ManagerConfig.Builder.parsePeers(peers));
      if (api != null) b.api(HostPort.parse(api, "--api"));
      if (gateway != null) b.gateway(HostPort.parse(gateway, "--gateway"));
      if (clusterName != null) b.clusterName(clusterName);
      if (join != null) b.join(join);
      if (acl != null) b.acl(acl);
      if (jobRetention != null) b.jobRetention(Retention.parse(jobRetention, "--job-retention"));
      if (scheduler != null) b.schedulerAlgorithm(ManagerConfig.Builder.checkedScheduler(scheduler, "--scheduler"));
      if (nodeRetention != null) b.nodeRetention(Retention.parse(nodeRetention, "--node-retention"));
      if (maxJobBytes != null) b.maxJobBytes(maxJobBytes);
      if (maxEntryBytes != null) b.maxEntryBytes(maxEntryBytes);
      if (skipEntries != null) {
        for (long i : skipEntries) {
          if (i <= 0) throw new IllegalArgumentException("--skip-entry must be a log index > 0 (got " + i + ")");
        }
        b.skipEntries(new java.util.HashSet<>(skipEntries));
      }
      limits(b);
      if (heartbeatInterval != null) b.heartbeatInterval(duration(heartbeatInterval, "--heartbeat-interval"));
      if (nodeTtl != null) b.nodeTtl(duration(nodeTtl, "--node-ttl"));
      if (maxHeartbeatsPerSecond != null) b.maxHeartbeatsPerSecond(maxHeartbeatsPerSecond);
      if (ca != null) b.tlsCa(ca);
      if (cert != null) b.tlsCert(cert);
      if (key != null) b.tlsKey(key);
      ManagerConfig built = b.build();
      // With TLS a token is safe in transit, so tokens are required unless --no-acl or acl: false says otherwise.
      Boolean aclAsked = acl != null ? acl : config != null ? ManagerConfigFile.flag(config, "acl") : null;
      return aclAsked == null && built.tls() != null ? built.toBuilder().acl(true).build() : built;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void limits(ManagerConfig.Builder b) {
    if (httpHeaderTimeout != null) { Duration d = duration(httpHeaderTimeout, "--http-header-timeout"); b.limits(l -> l.withHttpHeaderTimeout(d)); }
    if (httpBodyTimeout != null) { Duration d = duration(httpBodyTimeout, "--http-body-timeout"); b.limits(l -> l.withHttpBodyTimeout(d)); }
    if (httpIdleTimeout != null) { Duration d = duration(httpIdleTimeout, "--http-idle-timeout"); b.limits(l -> l.withHttpIdleTimeout(d)); }
    if (httpMaxConnections != null) b.limits(l -> l.withHttpMaxConnections(httpMaxConnections));
    if (gatewayFrameTimeout != null) { Duration d = duration(gatewayFrameTimeout, "--gateway-frame-timeout"); b.limits(l -> l.withGatewayFrameTimeout(d)); }
    if (gatewayRegisterTimeout != null) { Duration d = duration(gatewayRegisterTimeout, "--gateway-register-timeout"); b.limits(l -> l.withGatewayRegisterTimeout(d)); }
    if (gatewayMaxConnections != null) b.limits(l -> l.withGatewayMaxConnections(gatewayMaxConnections));
    if (eventsWindow != null) b.events(e -> e.withWindowEvents(eventsWindow));
    if (eventsMaxStreams != null) b.events(e -> e.withMaxStreams(eventsMaxStreams));
    if (eventsHeartbeat != null) { Duration d = duration(eventsHeartbeat, "--events-heartbeat"); b.events(e -> e.withHeartbeat(d)); }
    if (eventsSlowClientTimeout != null) { Duration d = duration(eventsSlowClientTimeout, "--events-slow-client-timeout"); b.events(e -> e.withSlowClientTimeout(d)); }
    if (maxBlockingWait != null) { Duration d = duration(maxBlockingWait, "--max-blocking-wait"); b.events(e -> e.withMaxWait(d)); }
    if (logsMaxStreams != null) b.logs(l -> l.withMaxStreams(logsMaxStreams));
    if (logsMaxStreamsPerClient != null) b.logs(l -> l.withMaxStreamsPerClient(logsMaxStreamsPerClient));
    if (logsSlowClientTimeout != null) { Duration d = duration(logsSlowClientTimeout, "--logs-slow-client-timeout"); b.logs(l -> l.withSlowClientTimeout(d)); }
  }

  private static Duration duration(String text, String flag) {
    Duration d = DurationText.parse(text, flag);
    if (d.isZero()) throw new IllegalArgumentException(flag + " must be more than zero");
    return d;
  }
}
