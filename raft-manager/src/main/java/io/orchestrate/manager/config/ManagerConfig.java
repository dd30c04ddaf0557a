package io.orchestrate.manager.config;

import io.orchestrate.security.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of a manager, with its default and unit, in one place. Tests shorten timeouts
 * through the same builder the CLI fills from flags and config files.
 *
 * @param peers               every initial member's Raft address, by manager id, including this one
 * @param electionTimeoutMin  Raft election timeout, lower bound
 * @param electionTimeoutMax  Raft election timeout, upper bound
 * @param requestTimeout      bound on one API request's wait for the Raft group (then 503)
 * @param snapshotThreshold   log entries between automatic snapshots
 * @param logSegmentSizeBytes Raft log segment size; only closed segments are purged after a snapshot
 * @param purgeGap            purge the log once a snapshot is this many entries past the last purge
 * @param batchMax            most commands the leader coalesces into one log entry
 * @param maxInflightBatches  most batches proposed and not yet committed (pipelining depth)
 * @param heartbeatInterval   how often workers send a heartbeat
 * @param nodeTtl             a node without a heartbeat for this long is declared DOWN; every node
 *                            gets a fresh TTL when a new leader starts, so a failover alone never
 *                            declares a node down
 * @param schedulerAlgorithm  placement algorithm: round-robin, epvm, binpack or spread
 * @param schedulingInterval  pause between scheduling rounds on the leader
 * @param join                start with no membership and wait to be added with
 *                            {@code cluster add-manager}; {@code peers} then names only this manager
 * @param jobRetention        how long a stopped or finished job (with its tasks and idempotency key)
 *                            is kept before the leader collects it; {@link Retention#OFF} keeps it
 * @param nodeRetention       how long a DOWN node is kept before the leader collects it
 * @param gcInterval          how often the leader looks for collectable records
 * @param entryLimits         job file and log entry size limits, checked against Raft's buffer
 * @param skipEntries         log indexes whose entries apply as nothing (a way out of an entry
 *                            that cannot be applied; see the quorum-loss runbook)
 * @param maxHeartbeatsPerSecond the most heartbeats a second the leader asks of its workers: a fleet
 *                            larger than this a heartbeat interval heartbeats less often (see
 *                            {@link io.orchestrate.manager.leader.HeartbeatPacing})
 * @param limits              time, connection and (with the size limits) memory bounds for API
 *                            clients and gateway peers
 * @param acl                 require an API token with the right role on every API request but
 *                            {@code /v1/health} (and {@code POST /v1/acl/bootstrap} before the
 *                            bootstrap); off by default until TLS protects the tokens in transit
 * @param events              bounds of the event stream and of blocking reads
 * @param logs                bounds of the task output streams relayed from workers
 * @param tls                 the CA bundle, certificate and key for mutual TLS on the Raft, API
 *                            and gateway ports, or null for plain text on all three
 */
public record ManagerConfig(
    String id,
    Path dataDir,
    String clusterName,
    Map<String, HostPort> peers,
    HostPort api,
    HostPort gateway,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    long snapshotThreshold,
    long logSegmentSizeBytes,
    int purgeGap,
    int batchMax,
    int maxInflightBatches,
    Duration heartbeatInterval,
    Duration nodeTtl,
    String schedulerAlgorithm,
    Duration schedulingInterval,
    boolean join,
    Retention jobRetention,
    Retention nodeRetention,
    Duration gcInterval,
    EntryLimits entryLimits,
    java.util.Set<Long> skipEntries,
    int maxHeartbeatsPerSecond,
    ConnectionLimits limits,
    boolean acl,
    EventLimits events,
    LogRelayLimits logs,
    TlsFiles tls) {

  public ManagerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dataDir, "dataDir");
    peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    if (!peers.containsKey(id)) {
      throw new IllegalArgumentException("--peers must include this manager's own id '" + id + "'");
    }
    if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("election timeout max must be greater than min");
    }
    if (nodeTtl.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("node TTL must be at least two heartbeat intervals");
    }
    io.orchestrate.scheduler.Schedulers.byName(schedulerAlgorithm);
    Objects.requireNonNull(jobRetention, "jobRetention");
    Objects.requireNonNull(nodeRetention, "nodeRetention");
    if (gcInterval == null || gcInterval.isZero() || gcInterval.isNegative()) {
      throw new IllegalArgumentException("gcInterval must be more than zero (got " + gcInterval + ")");
    }
    Objects.requireNonNull(entryLimits, "entryLimits");
    skipEntries = java.util.Set.copyOf(skipEntries);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(logs, "logs");
    if (maxHeartbeatsPerSecond < 1) {
      throw new IllegalArgumentException("--max-heartbeats-per-second must be at least 1 (got " + maxHeartbeatsPerSecond + ")");
    }
    if (join && peers.size() != 1) {
      throw new IllegalArgumentException("--join: --peers must name only this manager (" + id + "=HOST:PORT); "
          + "the cluster's members are learned when it is added");
    }
  }

  public HostPort raftAddress() {
    return peers.get(id);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().id(id).dataDir(dataDir).clusterName(clusterName).peers(peers).api(api).gateway(gateway)
        .electionTimeout(electionTimeoutMin, electionTimeoutMax).requestTimeout(requestTimeout)
        .snapshotThreshold(snapshotThreshold).logSegmentSizeBytes(logSegmentSizeBytes).purgeGap(purgeGap)
        .batchMax(batchMax).maxInflightBatches(maxInflightBatches).heartbeatInterval(heartbeatInterval).nodeTtl(nodeTtl)
        .schedulerAlgorithm(schedulerAlgorithm).schedulingInterval(schedulingInterval).join(join)
        .jobRetention(jobRetention).nodeRetention(nodeRetention).gcInterval(gcInterval)
        .entryLimits(entryLimits).skipEntries(skipEntries).maxHeartbeatsPerSecond(maxHeartbeatsPerSecond).limits(limits)
        .acl(acl).events(events).logs(logs).tls(tls);
  }

  /** Fills defaults; {@link #build()} checks what is required. */
  /**
   * Election timeout bounds unless configured. 500-1000 ms puts a failover (SIGKILL of the leader to
   * the first write a survivor accepts) under a second; pre-vote keeps a paused or cut-off manager
   * from unseating the leader when it returns. No false election was seen in a full-load
   * {@code bench submit} run of three manager processes on a loaded 2-core host (README, performance).
   */
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(500);
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(1000);

  public static final class Builder {
    private String id;
    private Path dataDir;
    private String clusterName = "orchestrate";
    private Map<String, HostPort> peers = new LinkedHashMap<>();
    private HostPort api;
    private HostPort gateway;
    private Duration electionTimeoutMin = DEFAULT_ELECTION_TIMEOUT_MIN;
    private Duration electionTimeoutMax = DEFAULT_ELECTION_TIMEOUT_MAX;
    private Duration requestTimeout = Duration.ofSeconds(5);
    private long snapshotThreshold = 20_000;
    private long logSegmentSizeBytes = 8L * 1024 * 1024;
    private int purgeGap = 1024;
    private int batchMax = 1024;
    private int maxInflightBatches = 4;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration nodeTtl = Duration.ofSeconds(6);
    private String schedulerAlgorithm = io.orchestrate.scheduler.Schedulers.DEFAULT;
    private Duration schedulingInterval = Duration.ofMillis(100);
    private boolean join;
    private Retention jobRetention = Retention.DEFAULT;
    private Retention nodeRetention = Retention.DEFAULT;
    private Duration gcInterval = Duration.ofMinutes(1);
    private int maxJobBytes = EntryLimits.DEFAULT_MAX_JOB_BYTES;
    private int maxEntryBytes = EntryLimits.DEFAULT_MAX_ENTRY_BYTES;
    private java.util.Set<Long> skipEntries = java.util.Set.of();
    private ConnectionLimits limits = ConnectionLimits.DEFAULTS;
    private int maxHeartbeatsPerSecond = 1000;
    private boolean acl;
    private EventLimits events = EventLimits.DEFAULTS;
    private LogRelayLimits logs = LogRelayLimits.DEFAULTS;
    private Path tlsCa;
    private Path tlsCert;
    private Path tlsKey;

    public Builder id(String v) { id = v; return this; }
    public Builder dataDir(Path v) { dataDir = v; return this; }
    public Builder clusterName(String v) { clusterName = v; return this; }
    public Builder peers(Map<String, HostPort> v) { peers = new LinkedHashMap<>(v); return this; }
    public Builder api(HostPort v) { api = v; return this; }
    public Builder gateway(HostPort v) { gateway = v; return this; }
    public Builder electionTimeout(Duration min, Duration max) { electionTimeoutMin = min; electionTimeoutMax = max; return this; }
    public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
    public Builder snapshotThreshold(long v) { snapshotThreshold = v; return this; }
    public Builder logSegmentSizeBytes(long v) { logSegmentSizeBytes = v; return this; }
    public Builder purgeGap(int v) { purgeGap = v; return this; }
    public Builder batchMax(int v) { batchMax = v; return this; }
    public Builder maxInflightBatches(int v) { maxInflightBatches = v; return this; }
    public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
    public Builder nodeTtl(Duration v) { nodeTtl = v; return this; }
    public Builder schedulerAlgorithm(String v) { schedulerAlgorithm = v; return this; }

    /** {@code value} when it names a placement algorithm, else an error naming {@code field} and the valid names. */
    public static String checkedScheduler(String value, String field) {
      if (value == null || !io.orchestrate.scheduler.Schedulers.names().contains(value)) {
        throw new IllegalArgumentException(field + " must be one of " + String.join(", ", io.orchestrate.scheduler.Schedulers.names())
            + " (got '" + value + "')");
      }
      return value;
    }
    public Builder schedulingInterval(Duration v) { schedulingInterval = v; return this; }
    public Builder join(boolean v) { join = v; return this; }
    public Builder jobRetention(Retention v) { jobRetention = v; return this; }
    public Builder nodeRetention(Retention v) { nodeRetention = v; return this; }
    public Builder gcInterval(Duration v) { gcInterval = v; return this; }
    public Builder entryLimits(EntryLimits v) { maxJobBytes = v.maxJobBytes(); maxEntryBytes = v.maxEntryBytes(); return this; }
    public Builder maxJobBytes(int v) { maxJobBytes = v; return this; }
    public Builder maxEntryBytes(int v) { maxEntryBytes = v; return this; }
    public Builder skipEntries(java.util.Set<Long> v) { skipEntries = v; return this; }
    public Builder limits(ConnectionLimits v) { limits = v; return this; }
    public Builder maxHeartbeatsPerSecond(int v) { maxHeartbeatsPerSecond = v; return this; }
    public Builder acl(boolean v) { acl = v; return this; }
    public Builder events(EventLimits v) { events = v; return this; }
    /** Changes some event bounds and keeps the rest, e.g. {@code events(e -> e.withMaxStreams(2))}. */
    public Builder events(java.util.function.UnaryOperator<EventLimits> change) { events = change.apply(events); return this; }
    public Builder logs(LogRelayLimits v) { logs = v; return this; }
    /** Changes some log relay bounds and keeps the rest, e.g. {@code logs(l -> l.withMaxStreams(2))}. */
    public Builder logs(java.util.function.UnaryOperator<LogRelayLimits> change) { logs = change.apply(logs); return this; }
    /** Mutual TLS from these files; null for plain text. */
    public Builder tls(TlsFiles v) {
      tlsCa = v == null ? null : v.ca();
      tlsCert = v == null ? null : v.cert();
      tlsKey = v == null ? null : v.key();
      return this;
    }
    /** One of the TLS files at a time (flags over a config file); all three or none by {@link #build()}. */
    public Builder tlsCa(Path v) { tlsCa = v; return this; }
    public Builder tlsCert(Path v) { tlsCert = v; return this; }
    public Builder tlsKey(Path v) { tlsKey = v; return this; }
    /** Changes some limits and keeps the rest, e.g. {@code limits(l -> l.withHttpIdleTimeout(d))}. */
    public Builder limits(java.util.function.UnaryOperator<ConnectionLimits> change) { limits = change.apply(limits); return this; }

    /** Parses {@code m1=host:port,m2=host:port}. */
    public static Map<String, HostPort> parsePeers(String s) {
      Map<String, HostPort> out = new LinkedHashMap<>();
      if (s == null || s.isBlank()) throw new IllegalArgumentException("--peers is required (ID=HOST:PORT,...)");
      for (String part : s.split(",")) {
        String p = part.trim();
        int eq = p.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("--peers entry '" + p + "' must be ID=HOST:PORT");
        String pid = p.substring(0, eq);
        if (out.put(pid, HostPort.parse(p.substring(eq + 1), "--peers entry for " + pid)) != null) {
          throw new IllegalArgumentException("--peers names '" + pid + "' twice");
        }
      }
      return out;
    }

    public ManagerConfig build() {
      if (id == null || id.isBlank()) throw new IllegalArgumentException("--id is required");
      if (dataDir == null) throw new IllegalArgumentException("--data-dir is required");
      if (api == null) throw new IllegalArgumentException("--api is required");
      if (gateway == null) gateway = api.withPort(0);
      TlsFiles tls = TlsFiles.allOrNone(tlsCa, tlsCert, tlsKey, "--ca (config key ca)", "--cert (config key cert)", "--key (config key key)")
          .orElse(null);
      return new ManagerConfig(id, dataDir, clusterName, peers, api, gateway, electionTimeoutMin, electionTimeoutMax,
          requestTimeout, snapshotThreshold, logSegmentSizeBytes, purgeGap, batchMax, maxInflightBatches,
          heartbeatInterval, nodeTtl, schedulerAlgorithm, schedulingInterval, join, jobRetention, nodeRetention, gcInterval,
          EntryLimits.of(maxJobBytes, maxEntryBytes), skipEntries, maxHeartbeatsPerSecond, limits, acl, events, logs, tls);
    }
  }
}
