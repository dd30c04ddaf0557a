package io.orchestrate.bench.submit;

import io.orchestrate.localcluster.FreePorts;
import io.orchestrate.localcluster.Waits;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Three (or N) etcd members on loopback, for {@code bench submit --vs etcd}: the {@code etcd}
 * binary (Debian's {@code etcd-server}, 3.4) as child processes with their data under a directory,
 * plain HTTP, its HTTP/JSON gateway on each member's client port. {@link #leader} asks every member
 * for its status and returns the client URL of the one that leads, so the bench's client writes to
 * the leader as it does with orchestrate.
 *
 * <p>Owned by the bench's thread; {@link #close} may also run once from a shutdown hook.
 */
public final class EtcdCluster implements AutoCloseable {
  static final Duration START = Duration.ofSeconds(60);
  private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)\"?");
  private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)\"?");

  private final Path root;
  private final List<String> clientUrls = new ArrayList<>();
  private final List<Process> members = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private boolean closed;

  private EtcdCluster(Path root) {
    this.root = root;
  }

  /** The etcd binary on the PATH, if there is one. */
  public static Optional<Path> binary() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, "etcd");
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Starts {@code n} members under {@code root} and waits until one leads. */
  public static EtcdCluster start(Path root, int n) throws IOException {
    Path etcd = binary().orElseThrow(() -> new IOException("no etcd binary on the PATH: install Debian's etcd-server (ops/ci/setup-etcd.sh)"));
    EtcdCluster c = new EtcdCluster(root);
    try {
      List<String> names = new ArrayList<>();
      List<String> peerUrls = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        names.add("e" + i);
        peerUrls.add("http://127.0.0.1:" + FreePorts.next());
        c.clientUrls.add("http://127.0.0.1:" + FreePorts.next());
      }
      String initial = java.util.stream.IntStream.range(0, n).mapToObj(i -> names.get(i) + "=" + peerUrls.get(i))
          .collect(Collectors.joining(","));
      Files.createDirectories(root.resolve("logs"));
      for (int i = 0; i < n; i++) {
        List<String> cmd = List.of(etcd.toString(), "--name", names.get(i), "--data-dir", root.resolve(names.get(i)).toString(),
            "--listen-client-urls", c.clientUrls.get(i), "--advertise-client-urls", c.clientUrls.get(i),
            "--listen-peer-urls", peerUrls.get(i), "--initial-advertise-peer-urls", peerUrls.get(i),
            "--initial-cluster", initial, "--initial-cluster-state", "new", "--initial-cluster-token", "orchestrate-bench",
            "--logger", "zap", "--log-level", "warn");
        c.members.add(new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("logs").resolve(names.get(i) + ".log").toFile())).start());
      }
      c.leader();
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Every member's client URL. */
  public List<String> clientUrls() {
    return List.copyOf(clientUrls);
  }

  public Path root() {
    return root;
  }

  /** The leader's client URL, once a member reports that it leads (waits up to {@link #START}). */
  public URI leader() {
    return Waits.until("an etcd leader", START, Duration.ofMillis(100), () -> {
      for (String url : clientUrls) {
        String status = post(url + "/v3/maintenance/status", "{}");
        Matcher id = MEMBER_ID.matcher(status);
        Matcher leader = LEADER.matcher(status);
        if (id.find() && leader.find() && id.group(1).equals(leader.group(1))) return URI.create(url);
      }
      return null;
    });
  }

  private String post(String url, String json) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
          .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Each member's process id, in order (for its resident set). */
  public List<Long> pids() {
    return members.stream().map(Process::pid).toList();
  }

  /** Stops every member (SIGTERM, then SIGKILL after 5 s); the data stays for the caller to delete. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    for (Process p : members) p.destroy();
    for (Process p : members) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
