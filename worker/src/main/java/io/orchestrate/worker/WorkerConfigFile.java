package io.orchestrate.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.util.DurationText;
import io.orchestrate.worker.driver.OutputRotation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A worker's YAML config file. Keys are the {@code orchestrate worker} flags in camelCase; an
 * unknown key is an error naming it, so a typo never silently falls back to a default. The file
 * is read into {@link Settings}, every field null unless the file sets it; the CLI then lays its
 * flags over it (flags win) and builds a {@link WorkerConfig}. {@link #render} prints an
 * effective configuration in this same format, so its output is a valid config file.
 *
 * <pre>
 * id: w1
 * dataDir: /var/lib/orchestrate-worker
 * managers: [10.0.0.1:7070, 10.0.0.2:7070, 10.0.0.3:7070]
 * driver: docker
 * labels: {zone: a}
 * allow: [host-network]        # risky modes: host-network, process-driver (default: none)
 * pidsLimit: 1024              # most processes per container (default: 1024)
 * processLogMaxMb: 10          # the process driver rotates a task's output file past this (default: 10)
 * processLogFiles: 2           # rotated output files kept per task (default: 2)
 * outputRetention: 24h         # a task's kept output is deleted this long after it left the node (default: 24h)
 * ca: /etc/orchestrate/ca.crt  # mutual TLS to the gateway: all three, or none
 * cert: /etc/orchestrate/w1.crt
 * key: /etc/orchestrate/w1.key
 * </pre>
 */
public final class WorkerConfigFile {
  public static final List<String> KEYS = List.of("id", "dataDir", "managers", "driver", "cpus", "memoryMb", "diskMb",
      "labels", "advertiseHost", "metrics", "allow", "pidsLimit", "processLogMaxMb", "processLogFiles", "outputRetention", "ca", "cert", "key", "insecure");

  /** A larger size per output file is a typo (a terabyte); the disk is what the rotation protects. */
  static final long MAX_PROCESS_LOG_MB = 1L << 20;

  private WorkerConfigFile() {}

  /** The settings a file (or flags) may give; null means "not given". */
  public static final class Settings {
    public String id;
    public Path dataDir;
    public String managers;
    public String driver;
    public Double cpus;
    public Long memoryMb;
    public Long diskMb;
    public Map<String, String> labels;
    public String advertiseHost;
    public String metrics;
    /** Comma-separated, as the flag takes it. */
    public String allow;
    public Long pidsLimit;
    public Long processLogMaxMb;
    public Integer processLogFiles;
    /** As written: a duration like 24h, 30m or 7d. */
    public String outputRetention;
    public Path ca;
    public Path cert;
    public Path key;
    /** Plain text allowed without ca/cert/key; checked by the process entry point, not by {@link #build()}. */
    public boolean insecure;

    /** Builds the config from these settings; throws naming the missing or bad field. */
    public WorkerConfig build() {
      if (id == null) throw new IllegalArgumentException("--id (or config key id) is required");
      if (dataDir == null) throw new IllegalArgumentException("--data-dir (or config key dataDir) is required");
      if (managers == null) throw new IllegalArgumentException("--managers (or config key managers) is required");
      WorkerConfig.Builder b = WorkerConfig.builder().id(id).dataDir(dataDir).managers(managers).driver(driver);
      if (cpus != null) b.cpus(cpus);
      if (memoryMb != null) b.memoryMb(memoryMb);
      if (diskMb != null) b.diskMb(diskMb);
      if (labels != null) b.labels(labels);
      if (advertiseHost != null) b.advertiseHost(advertiseHost);
      if (metrics != null) b.metricsAddress(metrics);
      if (allow != null) b.allow(Allow.parse(allow, "--allow (or config key allow)"));
      if (pidsLimit != null) b.pidsLimit(pidsLimit);
      if (processLogMaxMb != null || processLogFiles != null) {
        if (processLogMaxMb != null && (processLogMaxMb < 1 || processLogMaxMb > MAX_PROCESS_LOG_MB)) {
          throw new IllegalArgumentException("--process-log-max-mb (or config key processLogMaxMb) must be between 1 and "
              + MAX_PROCESS_LOG_MB + ", was " + processLogMaxMb);
        }
        OutputRotation d = OutputRotation.DEFAULTS;
        b.processOutput(new OutputRotation(processLogMaxMb == null ? d.maxBytes() : processLogMaxMb * 1024 * 1024,
            processLogFiles == null ? d.keep() : processLogFiles));
      }
      if (outputRetention != null) b.outputRetention(DurationText.parse(outputRetention, "--output-retention (or config key outputRetention)"));
      b.tls(io.orchestrate.security.TlsFiles.allOrNone(ca, cert, key,
          "--ca (or config key ca)", "--cert (or config key cert)", "--key (or config key key)").orElse(null));
      return b.build();
    }
  }

  public static Settings read(Path file) {
    Settings s = new Settings();
    JsonNode root;
    try {
      root = Json.yaml().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) return s;
    if (!root.isObject()) throw new IllegalArgumentException("config file " + file + " must be a mapping of keys to values");
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("config file " + file + ": unknown key '" + k + "' (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
      }
    }
    s.id = text(root, "id", file);
    String dir = text(root, "dataDir", file);
    s.dataDir = dir == null ? null : Path.of(dir);
    s.managers = managers(root, file);
    s.driver = text(root, "driver", file);
    if (root.has("cpus")) s.cpus = number(root, "cpus", file).doubleValue();
    if (root.has("memoryMb")) s.memoryMb = number(root, "memoryMb", file).longValue();
    if (root.has("diskMb")) s.diskMb = number(root, "diskMb", file).longValue();
    if (root.has("labels")) {
      JsonNode l = root.get("labels");
      if (!l.isObject()) throw new IllegalArgumentException("config file " + file + ": labels must be a mapping of key to value");
      s.labels = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isValueNode()) throw new IllegalArgumentException("config file " + file + ": labels." + e.getKey() + " must be a string");
        s.labels.put(e.getKey(), e.getValue().asText());
      }
    }
    s.advertiseHost = text(root, "advertiseHost", file);
    s.metrics = text(root, "metrics", file);
    s.allow = list(root, "allow", file);
    if (root.has("pidsLimit")) s.pidsLimit = number(root, "pidsLimit", file).longValue();
    if (root.has("processLogMaxMb")) s.processLogMaxMb = number(root, "processLogMaxMb", file).longValue();
    if (root.has("processLogFiles")) s.processLogFiles = number(root, "processLogFiles", file).intValue();
    if (root.has("outputRetention")) {
      JsonNode v = root.get("outputRetention");
      if (!v.isTextual() && !v.isNumber()) throw new IllegalArgumentException("config file " + file + ": outputRetention must be a duration like 24h or 30m");
      s.outputRetention = v.asText();
    }
    String ca = text(root, "ca", file);
    String cert = text(root, "cert", file);
    String key = text(root, "key", file);
    s.ca = ca == null ? null : Path.of(ca);
    s.cert = cert == null ? null : Path.of(cert);
    s.key = key == null ? null : Path.of(key);
    if (root.has("insecure")) {
      if (!root.get("insecure").isBoolean()) throw new IllegalArgumentException("config file " + file + ": insecure must be true or false");
      s.insecure = root.get("insecure").asBoolean();
    }
    return s;
  }

  /** The effective configuration in the config file's own keys. */
  public static Map<String, Object> render(WorkerConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("dataDir", c.dataDir().toString());
    m.put("managers", c.managers().stream().map(Object::toString).toList());
    m.put("driver", c.driver());
    m.put("cpus", c.cpus());
    m.put("memoryMb", c.memoryMb());
    m.put("diskMb", c.diskMb());
    m.put("labels", c.labels());
    m.put("advertiseHost", c.advertiseHost());
    if (c.metricsAddress() != null) m.put("metrics", c.metricsAddress().getHostString() + ":" + c.metricsAddress().getPort());
    m.put("allow", List.copyOf(c.allow()));
    m.put("pidsLimit", c.pidsLimit());
    // Whole MiB, as the key takes them; a size set in bytes through the builder shows rounded up.
    m.put("processLogMaxMb", (c.processOutput().maxBytes() + (1 << 20) - 1) >> 20);
    m.put("processLogFiles", c.processOutput().keep());
    m.put("outputRetention", DurationText.format(c.outputRetention()));
    if (c.tls() != null) {
      m.put("ca", c.tls().ca().toString());
      m.put("cert", c.tls().cert().toString());
      m.put("key", c.tls().key().toString());
    }
    return m;
  }

  private static String managers(JsonNode root, Path file) {
    JsonNode n = root.get("managers");
    if (n == null) return null;
    if (n.isTextual()) return n.asText();
    if (!n.isArray()) throw new IllegalArgumentException("config file " + file + ": managers must be a list of HOST:PORT");
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) throw new IllegalArgumentException("config file " + file + ": managers entries must be HOST:PORT strings");
      out.add(e.asText());
    }
    return String.join(",", out);
  }

  /** A list of strings, or one comma-separated string, joined with commas; null when absent. */
  private static String list(JsonNode root, String key, Path file) {
    JsonNode n = root.get(key);
    if (n == null) return null;
    if (n.isTextual()) return n.asText();
    if (!n.isArray()) throw new IllegalArgumentException("config file " + file + ": " + key + " must be a list of strings");
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) throw new IllegalArgumentException("config file " + file + ": " + key + " entries must be strings");
      out.add(e.asText());
    }
    return String.join(",", out);
  }

  private static String text(JsonNode root, String key, Path file) {
    JsonNode v = root.get(key);
    if (v == null) return null;
    if (!v.isTextual() && !v.isNumber()) throw new IllegalArgumentException("config file " + file + ": " + key + " must be a string");
    return v.asText();
  }

  private static Number number(JsonNode root, String key, Path file) {
    JsonNode v = root.get(key);
    if (!v.isNumber() || v.asDouble() < 0) throw new IllegalArgumentException("config file " + file + ": " + key + " must be a number, at least 0");
    return v.numberValue();
  }
}
