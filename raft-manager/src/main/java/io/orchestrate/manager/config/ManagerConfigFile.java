package io.orchestrate.manager.config;

import io.orchestrate.core.util.DurationText;
import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a manager's YAML config file into a {@link ManagerConfig.Builder}. Keys mirror the flags
 * (camelCase); an unknown key is an error naming it, so a typo never silently falls back to a
 * default. Flags applied after this win.
 *
 * <pre>
 * id: m1
 * dataDir: /var/lib/orchestrate
 * peers: {m1: 10.0.0.1:7000, m2: 10.0.0.2:7000, m3: 10.0.0.3:7000}
 * api: 10.0.0.1:8080
 * gateway: 10.0.0.1:7070
 * jobRetention: 24h      # or off
 * scheduler: epvm        # the placement algorithm: epvm, binpack, spread or round-robin (a job may name its own)
 * nodeRetention: 7d
 * httpIdleTimeout: 60s   # and the other connection limits, see ConnectionLimits
 * gatewayMaxConnections: 4096
 * acl: true              # API tokens required (see the README's security model)
 * ca: /etc/orchestrate/ca.crt     # mutual TLS on every port: all three, or none
 * cert: /etc/orchestrate/m1.crt
 * key: /etc/orchestrate/m1.key
 * insecure: true         # instead of ca/cert/key: plain text, read by the process entry point
 * </pre>
 */
public final class ManagerConfigFile {
  public static final Set<String> KEYS = Set.of("id", "dataDir", "clusterName", "peers", "api", "gateway",
      "electionTimeoutMinMs", "electionTimeoutMaxMs", "requestTimeoutMs", "snapshotThreshold", "join", "jobRetention", "nodeRetention",
      "scheduler", "maxJobBytes", "maxEntryBytes", "heartbeatInterval", "nodeTtl", "maxHeartbeatsPerSecond",
      "httpHeaderTimeout", "httpBodyTimeout", "httpIdleTimeout", "httpMaxConnections",
      "gatewayFrameTimeout", "gatewayRegisterTimeout", "gatewayMaxConnections",
      "eventsWindow", "eventsMaxStreams", "eventsHeartbeat", "eventsSlowClientTimeout", "maxBlockingWait",
      "logsMaxStreams", "logsMaxStreamsPerClient", "logsSlowClientTimeout",
      "acl", "ca", "cert", "key", "insecure");

  private ManagerConfigFile() {}

  public static void apply(Path file, ManagerConfig.Builder b) {
    JsonNode root;
    try {
      root = Json.yaml().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) return;
    if (!root.isObject()) throw new IllegalArgumentException("config file " + file + " must be a mapping of keys to values");
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("config file " + file + ": unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
      }
    }
    if (root.has("id")) b.id(text(root, "id", file));
    if (root.has("dataDir")) b.dataDir(Path.of(text(root, "dataDir", file)));
    if (root.has("clusterName")) b.clusterName(text(root, "clusterName", file));
    if (root.has("api")) b.api(HostPort.parse(text(root, "api", file), "config key api"));
    if (root.has("gateway")) b.gateway(HostPort.parse(text(root, "gateway", file), "config key gateway"));
    if (root.has("peers")) b.peers(peers(root.get("peers"), file));
    long min = root.path("electionTimeoutMinMs").asLong(-1);
    long max = root.path("electionTimeoutMaxMs").asLong(-1);
    if (min > 0 && max > 0) b.electionTimeout(Duration.ofMillis(min), Duration.ofMillis(max));
    else if (min > 0 || max > 0) throw new IllegalArgumentException("config file " + file + ": set both electionTimeoutMinMs and electionTimeoutMaxMs");
    if (root.has("requestTimeoutMs")) b.requestTimeout(Duration.ofMillis(positive(root, "requestTimeoutMs", file)));
    if (root.has("snapshotThreshold")) b.snapshotThreshold(positive(root, "snapshotThreshold", file));
    if (root.has("jobRetention")) b.jobRetention(retention(root, "jobRetention", file));
    if (root.has("scheduler")) b.schedulerAlgorithm(ManagerConfig.Builder.checkedScheduler(text(root, "scheduler", file), "config key scheduler"));
    if (root.has("nodeRetention")) b.nodeRetention(retention(root, "nodeRetention", file));
    if (root.has("maxJobBytes")) b.maxJobBytes(intBytes(root, "maxJobBytes", file));
    if (root.has("maxEntryBytes")) b.maxEntryBytes(intBytes(root, "maxEntryBytes", file));
    limits(root, file, b);
    if (root.has("heartbeatInterval")) b.heartbeatInterval(duration(root, "heartbeatInterval", file));
    if (root.has("nodeTtl")) b.nodeTtl(duration(root, "nodeTtl", file));
    if (root.has("maxHeartbeatsPerSecond")) b.maxHeartbeatsPerSecond(intBytes(root, "maxHeartbeatsPerSecond", file));
    if (root.has("ca")) b.tlsCa(Path.of(text(root, "ca", file)));
    if (root.has("cert")) b.tlsCert(Path.of(text(root, "cert", file)));
    if (root.has("key")) b.tlsKey(Path.of(text(root, "key", file)));
    if (root.has("join")) {
      if (!root.get("join").isBoolean()) throw new IllegalArgumentException("config file " + file + ": join must be true or false");
      b.join(root.get("join").asBoolean());
    }
    if (root.has("acl")) {
      if (!root.get("acl").isBoolean()) throw new IllegalArgumentException("config file " + file + ": acl must be true or false");
      b.acl(root.get("acl").asBoolean());
    }
  }

  /**
   * A true/false key of {@code file}, or null if it is absent: for the keys the process entry
   * point decides on rather than the builder ({@code insecure}, and whether {@code acl} was set).
   */
  public static Boolean flag(Path file, String key) {
    JsonNode root;
    try {
      root = Json.yaml().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.has(key)) return null;
    if (!root.get(key).isBoolean()) throw new IllegalArgumentException("config file " + file + ": " + key + " must be true or false");
    return root.get(key).asBoolean();
  }

  /** The effective configuration in this file's own keys, so that what is printed can be read back. */
  public static Map<String, Object> render(ManagerConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("dataDir", c.dataDir().toString());
    m.put("clusterName", c.clusterName());
    Map<String, String> peers = new LinkedHashMap<>();
    c.peers().forEach((k, v) -> peers.put(k, v.toString()));
    m.put("peers", peers);
    m.put("api", c.api().toString());
    m.put("gateway", c.gateway().toString());
    m.put("electionTimeoutMinMs", c.electionTimeoutMin().toMillis());
    m.put("electionTimeoutMaxMs", c.electionTimeoutMax().toMillis());
    m.put("requestTimeoutMs", c.requestTimeout().toMillis());
    m.put("snapshotThreshold", c.snapshotThreshold());
    m.put("join", c.join());
    m.put("jobRetention", c.jobRetention().toString());
    m.put("scheduler", c.schedulerAlgorithm());
    m.put("nodeRetention", c.nodeRetention().toString());
    m.put("maxJobBytes", c.entryLimits().maxJobBytes());
    m.put("maxEntryBytes", c.entryLimits().maxEntryBytes());
    m.put("heartbeatInterval", DurationText.format(c.heartbeatInterval()));
    m.put("nodeTtl", DurationText.format(c.nodeTtl()));
    m.put("maxHeartbeatsPerSecond", c.maxHeartbeatsPerSecond());
    ConnectionLimits l = c.limits();
    m.put("httpHeaderTimeout", DurationText.format(l.httpHeaderTimeout()));
    m.put("httpBodyTimeout", DurationText.format(l.httpBodyTimeout()));
    m.put("httpIdleTimeout", DurationText.format(l.httpIdleTimeout()));
    m.put("httpMaxConnections", l.httpMaxConnections());
    m.put("gatewayFrameTimeout", DurationText.format(l.gatewayFrameTimeout()));
    m.put("gatewayRegisterTimeout", DurationText.format(l.gatewayRegisterTimeout()));
    m.put("gatewayMaxConnections", l.gatewayMaxConnections());
    EventLimits e = c.events();
    m.put("eventsWindow", e.windowEvents());
    m.put("eventsMaxStreams", e.maxStreams());
    m.put("eventsHeartbeat", DurationText.format(e.heartbeat()));
    m.put("eventsSlowClientTimeout", DurationText.format(e.slowClientTimeout()));
    m.put("maxBlockingWait", DurationText.format(e.maxWait()));
    LogRelayLimits logs = c.logs();
    m.put("logsMaxStreams", logs.maxStreams());
    m.put("logsMaxStreamsPerClient", logs.maxStreamsPerClient());
    m.put("logsSlowClientTimeout", DurationText.format(logs.slowClientTimeout()));
    m.put("acl", c.acl());
    if (c.tls() != null) {
      m.put("ca", c.tls().ca().toString());
      m.put("cert", c.tls().cert().toString());
      m.put("key", c.tls().key().toString());
    }
    return m;
  }

  private static void limits(JsonNode root, Path file, ManagerConfig.Builder b) {
    if (root.has("httpHeaderTimeout")) { Duration d = duration(root, "httpHeaderTimeout", file); b.limits(l -> l.withHttpHeaderTimeout(d)); }
    if (root.has("httpBodyTimeout")) { Duration d = duration(root, "httpBodyTimeout", file); b.limits(l -> l.withHttpBodyTimeout(d)); }
    if (root.has("httpIdleTimeout")) { Duration d = duration(root, "httpIdleTimeout", file); b.limits(l -> l.withHttpIdleTimeout(d)); }
    if (root.has("httpMaxConnections")) { int n = connections(root, "httpMaxConnections", file); b.limits(l -> l.withHttpMaxConnections(n)); }
    if (root.has("gatewayFrameTimeout")) { Duration d = duration(root, "gatewayFrameTimeout", file); b.limits(l -> l.withGatewayFrameTimeout(d)); }
    if (root.has("gatewayRegisterTimeout")) { Duration d = duration(root, "gatewayRegisterTimeout", file); b.limits(l -> l.withGatewayRegisterTimeout(d)); }
    if (root.has("gatewayMaxConnections")) { int n = connections(root, "gatewayMaxConnections", file); b.limits(l -> l.withGatewayMaxConnections(n)); }
    if (root.has("eventsWindow")) { int n = connections(root, "eventsWindow", file); b.events(e -> e.withWindowEvents(n)); }
    if (root.has("eventsMaxStreams")) { int n = connections(root, "eventsMaxStreams", file); b.events(e -> e.withMaxStreams(n)); }
    if (root.has("eventsHeartbeat")) { Duration d = duration(root, "eventsHeartbeat", file); b.events(e -> e.withHeartbeat(d)); }
    if (root.has("eventsSlowClientTimeout")) { Duration d = duration(root, "eventsSlowClientTimeout", file); b.events(e -> e.withSlowClientTimeout(d)); }
    if (root.has("maxBlockingWait")) { Duration d = duration(root, "maxBlockingWait", file); b.events(e -> e.withMaxWait(d)); }
    if (root.has("logsMaxStreams")) { int n = connections(root, "logsMaxStreams", file); b.logs(l -> l.withMaxStreams(n)); }
    if (root.has("logsMaxStreamsPerClient")) { int n = connections(root, "logsMaxStreamsPerClient", file); b.logs(l -> l.withMaxStreamsPerClient(n)); }
    if (root.has("logsSlowClientTimeout")) { Duration d = duration(root, "logsSlowClientTimeout", file); b.logs(l -> l.withSlowClientTimeout(d)); }
  }

  /** A duration like {@code 10s} or {@code 500ms}, more than zero; a bare number is seconds. */
  private static Duration duration(JsonNode root, String key, Path file) {
    JsonNode v = root.get(key);
    String where = "config file " + file + ": " + key;
    if (!v.isTextual() && !v.isNumber()) throw new IllegalArgumentException(where + " must be a duration like 10s or 500ms");
    Duration d = DurationText.parse(v.asText(), where);
    if (d.isZero()) throw new IllegalArgumentException(where + " must be more than zero");
    return d;
  }

  private static int connections(JsonNode root, String key, Path file) {
    JsonNode v = root.get(key);
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
      throw new IllegalArgumentException("config file " + file + ": " + key + " must be a positive integer");
    }
    return v.asInt();
  }

  private static Map<String, HostPort> peers(JsonNode n, Path file) {
    if (n.isTextual()) return ManagerConfig.Builder.parsePeers(n.asText());
    if (!n.isObject()) throw new IllegalArgumentException("config file " + file + ": peers must be a mapping of id to HOST:PORT");
    Map<String, HostPort> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), HostPort.parse(e.getValue().asText(), "config key peers." + e.getKey())));
    return out;
  }

  /** A duration or {@code off}; YAML reads a bare {@code off} (or {@code false}, {@code no}) as false, which means off too. */
  private static Retention retention(JsonNode root, String key, Path file) {
    JsonNode v = root.get(key);
    if (v.isBoolean() && !v.asBoolean()) return Retention.OFF;
    if (!v.isTextual() && !v.isNumber()) {
      throw new IllegalArgumentException("config file " + file + ": " + key + " must be a duration like 24h or 7d, or off");
    }
    return Retention.parse(v.asText(), "config file " + file + ": " + key);
  }

  private static String text(JsonNode root, String key, Path file) {
    JsonNode v = root.get(key);
    if (!v.isTextual() && !v.isNumber()) throw new IllegalArgumentException("config file " + file + ": " + key + " must be a string");
    return v.asText();
  }

  private static int intBytes(JsonNode root, String key, Path file) {
    long v = positive(root, key, file);
    if (v > Integer.MAX_VALUE) throw new IllegalArgumentException("config file " + file + ": " + key + " must be at most " + Integer.MAX_VALUE);
    return (int) v;
  }

  private static long positive(JsonNode root, String key, Path file) {
    JsonNode v = root.get(key);
    if (!v.canConvertToLong() || v.asLong() <= 0) throw new IllegalArgumentException("config file " + file + ": " + key + " must be a positive integer");
    return v.asLong();
  }
}
