package io.orchestrate.worker.driver;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.orchestrate.core.spec.NetworkMode;
import io.orchestrate.core.spec.Resources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs tasks as Docker containers through docker-java. Every container carries the labels
 * {@link #LABEL_TASK_ID}, {@link #LABEL_JOB_ID} and {@link #LABEL_NODE}; {@link #list()} finds the
 * containers labelled with this driver's node, so a restarted worker re-adopts the containers its
 * previous run started. Containers outlive the driver: {@link #close()} only closes the connection.
 *
 * <p>Images are used from the local engine; a pull is attempted only when the engine answers a
 * create with "no such image", bounded by {@link DockerDriverSettings#pullTimeout()}, because
 * machines without a registry are expected. Creating first (rather than inspecting the image
 * before every create) saves one engine call per start when the image is there, which is the
 * common case and the one that matters when a worker starts many tasks at once. The driver keeps no state besides its clients, so it is safe for concurrent callers.
 *
 * <p>Every container is hardened the same way ({@link ContainerHardening}): no new privileges, a
 * small capability set, a pids limit; a task's {@code user} becomes the container's user.
 */
public final class DockerDriver implements TaskDriver {
  private static final long MIB = 1024L * 1024L;
  /** Above the most driver calls a reconciler makes at once (ReconcilerSettings.MAX_DRIVER_CONCURRENCY, 64). */
  static final int MAX_CONNECTIONS = 80;
  private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final String nodeId;
  private final DockerDriverSettings settings;
  private final DockerClient client;
  /** A second client with short timeouts, so that {@link #available()} answers quickly. */
  private final DockerClient pingClient;
  private final DockerClientConfig config;
  /** For log streams, made on first use; guarded by this. */
  private DockerClient streamClient;

  public DockerDriver(DockerClientConfig config, String nodeId, DockerDriverSettings settings) {
    if (nodeId == null || nodeId.isBlank()) throw new IllegalArgumentException("docker driver nodeId must not be blank");
    this.nodeId = nodeId;
    this.settings = settings == null ? DockerDriverSettings.defaults() : settings;
    this.config = config;
    this.client = newClient(config, this.settings.connectTimeout(), this.settings.callTimeout());
    this.pingClient = newClient(config, this.settings.pingTimeout(), this.settings.pingTimeout());
  }

  /** A driver for the engine named by DOCKER_HOST (or the default unix socket) with default timeouts. */
  public static DockerDriver fromEnvironment(String nodeId) {
    return fromEnvironment(nodeId, DockerDriverSettings.defaults());
  }

  /** A driver for the engine named by DOCKER_HOST (or the default unix socket) with {@code settings}. */
  public static DockerDriver fromEnvironment(String nodeId, DockerDriverSettings settings) {
    return new DockerDriver(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), nodeId, settings);
  }

  /** True when the engine behind {@code config} answers a ping within {@code timeout}. */
  public static boolean available(DockerClientConfig config, Duration timeout) {
    try (DockerClient probe = newClient(config, timeout, timeout)) {
      probe.pingCmd().exec();
      return true;
    } catch (RuntimeException | IOException e) {
      return false;
    }
  }

  /** True when this driver's engine answers a ping within the settings' ping timeout. */
  public boolean available() {
    try {
      pingClient.pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** True when the engine has {@code image} locally (never pulls). */
  public boolean hasImage(String image) {
    try {
      pingClient.inspectImageCmd(image).exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static DockerClient newClient(DockerClientConfig config, Duration connect, Duration response) {
    DockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(connect)
        .responseTimeout(response)
        // Every call holds a connection for its whole length (a start takes a second when many run):
        // room for the most starts a reconciler runs at once, plus the monitor's list and the
        // health checks' execs beside them, so none of those waits for a free connection.
        .maxConnections(MAX_CONNECTIONS)
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  @Override
  public String name() {
    return "docker";
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public String start(TaskLaunch launch) throws DriverException {
    if (!nodeId.equals(launch.nodeId())) {
      throw new IllegalArgumentException("launch.nodeId '" + launch.nodeId() + "' is not this driver's node '" + nodeId + "'");
    }
    if (launch.image() == null || launch.image().isBlank()) {
      throw new IllegalArgumentException("launch.image must not be blank for the docker driver (task " + launch.taskId() + ")");
    }
    if (!CONTAINER_NAME.matcher(launch.name()).matches()) {
      throw new IllegalArgumentException("launch.name '" + launch.name()
          + "' is not a valid container name (letters, digits, '_', '.', '-', starting with a letter or digit)");
    }
    String id;
    try {
      try {
        id = create(launch);
      } catch (NotFoundException e) {
        ensureImage(launch.image());
        id = create(launch);
      }
    } catch (ConflictException e) {
      throw new DriverException("task " + launch.taskId() + ": container name '" + launch.name() + "' is already in use: "
          + DockerErrors.reason(e), e);
    } catch (RuntimeException e) {
      throw new DriverException("task " + launch.taskId() + ": cannot create container from " + launch.image() + ": "
          + DockerErrors.reason(e), e);
    }
    try {
      client.startContainerCmd(id).exec();
    } catch (RuntimeException e) {
      // A created-but-unstartable container would otherwise block the name for the next attempt.
      removeQuietly(id);
      throw new DriverException("task " + launch.taskId() + ": container " + shortId(id) + " failed to start: "
          + DockerErrors.reason(e), e);
    }
    return id;
  }

  private String create(TaskLaunch launch) {
    CreateContainerCmd create = client.createContainerCmd(launch.image())
        .withName(launch.name())
        .withLabels(labels(launch))
        .withEnv(envList(launch.environment()))
        .withHostConfig(ContainerHardening.apply(hostConfig(launch.resources()), settings.pidsLimit()).withNetworkMode(launch.network()));
    if (!launch.command().isEmpty()) create.withCmd(launch.command());
    if (launch.user() != null) create.withUser(launch.user());
    return create.exec().getId();
  }

  private void ensureImage(String image) throws DriverException {
    if (imagePresent(image)) return;
    String ref = withDefaultTag(image);
    QuietPull pull = new QuietPull();
    boolean finished;
    try {
      client.pullImageCmd(ref).exec(pull);
      finished = pull.awaitCompletion(settings.pullTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("image " + image + " not available: interrupted while pulling", e);
    } catch (RuntimeException e) {
      throw new DriverException("image " + image + " not available: " + DockerErrors.reason(e), e);
    } finally {
      closeQuietly(pull);
    }
    if (pull.error != null) {
      throw new DriverException("image " + image + " not available: " + DockerErrors.reason(pull.error), pull.error);
    }
    if (!finished) {
      throw new DriverException("image " + image + " not available: pull did not finish within " + settings.pullTimeout().toSeconds() + "s");
    }
    if (!imagePresent(image)) {
      throw new DriverException("image " + image + " not available: pull finished but the engine has no such image");
    }
  }

  /**
   * Keeps a failed pull's error for the caller instead of logging it at ERROR (docker-java's
   * default): on a machine without a registry a failed pull is expected and reported as a
   * {@link DriverException}.
   */
  private static final class QuietPull extends PullImageResultCallback {
    private volatile Throwable error;

    @Override
    public void onError(Throwable throwable) {
      error = throwable;
      closeQuietly(this); // releases awaitCompletion
    }
  }

  private boolean imagePresent(String image) throws DriverException {
    try {
      client.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw new DriverException("image " + image + " not available: " + DockerErrors.reason(e), e);
    }
  }

  /** Without a tag the engine would pull every tag of the repository. */
  static String withDefaultTag(String image) {
    int slash = image.lastIndexOf('/');
    String last = image.substring(slash + 1);
    return last.contains(":") || last.contains("@") ? image : image + ":latest";
  }

  private Map<String, String> labels(TaskLaunch launch) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_TASK_ID, launch.taskId());
    labels.put(LABEL_JOB_ID, launch.jobId());
    labels.put(LABEL_NODE, nodeId);
    return labels;
  }

  private static List<String> envList(Map<String, String> env) {
    List<String> list = new ArrayList<>(env.size());
    env.forEach((k, v) -> list.add(k + "=" + v));
    return list;
  }

  static HostConfig hostConfig(Resources resources) {
    long memoryBytes = resources.memoryMb() * MIB;
    return HostConfig.newHostConfig()
        .withMemory(memoryBytes)
        // Equal to the memory limit: no swap on top, so the limit the scheduler placed by is the real one.
        .withMemorySwap(memoryBytes)
        .withNanoCPUs(Math.round(resources.cpu() * 1_000_000_000d));
  }

  @Override
  public TaskStatus inspect(String handle) throws DriverException {
    InspectContainerResponse response;
    try {
      response = client.inspectContainerCmd(handle).exec();
    } catch (NotFoundException e) {
      return TaskStatus.missing();
    } catch (RuntimeException e) {
      throw new DriverException("cannot inspect container " + shortId(handle) + ": " + DockerErrors.reason(e), e);
    }
    InspectContainerResponse.ContainerState state = response.getState();
    String status = state.getStatus() == null ? "" : state.getStatus();
    if (Boolean.TRUE.equals(state.getRunning()) || status.equals("running") || status.equals("paused") || status.equals("restarting")) {
      return TaskStatus.running();
    }
    if (status.equals("created")) return TaskStatus.exited(null, "container was created but never started");
    Long code = state.getExitCodeLong();
    return TaskStatus.exited(code == null ? null : code.intValue(), exitReason(response, state));
  }

  private static String exitReason(InspectContainerResponse response, InspectContainerResponse.ContainerState state) {
    if (Boolean.TRUE.equals(state.getOOMKilled())) {
      Long limit = response.getHostConfig() == null ? null : response.getHostConfig().getMemory();
      return limit == null || limit == 0 ? "out of memory" : "out of memory (limit " + limit / MIB + " MiB)";
    }
    String error = state.getError();
    return error == null || error.isBlank() ? null : error;
  }

  @Override
  public void stop(String handle, Duration grace) throws DriverException {
    int seconds = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (grace.toMillis() + 999) / 1000));
    try {
      client.stopContainerCmd(handle).withTimeout(seconds).exec();
    } catch (NotFoundException | NotModifiedException e) {
      // Already gone or already stopped: stop is idempotent.
    } catch (RuntimeException e) {
      throw new DriverException("cannot stop container " + shortId(handle) + ": " + DockerErrors.reason(e), e);
    }
  }

  @Override
  public void remove(String handle) throws DriverException {
    try {
      client.removeContainerCmd(handle).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // Already removed: remove is idempotent.
    } catch (ConflictException e) {
      // "removal already in progress": someone else is removing it, which is what we want.
      if (!DockerErrors.reason(e).contains("already in progress")) {
        throw new DriverException("cannot remove container " + shortId(handle) + ": " + DockerErrors.reason(e), e);
      }
    } catch (RuntimeException e) {
      throw new DriverException("cannot remove container " + shortId(handle) + ": " + DockerErrors.reason(e), e);
    }
  }

  private void removeQuietly(String id) {
    try {
      remove(id);
    } catch (DriverException ignored) {
      // Best effort after a failed start; the start failure is what the caller needs to hear about.
    }
  }

  @Override
  public List<DriverTask> list() throws DriverException {
    List<Container> containers;
    try {
      containers = client.listContainersCmd()
          .withShowAll(true)
          .withLabelFilter(Map.of(LABEL_NODE, nodeId))
          .exec();
    } catch (RuntimeException e) {
      throw new DriverException("cannot list containers of node " + nodeId + ": " + DockerErrors.reason(e), e);
    }
    List<DriverTask> tasks = new ArrayList<>(containers.size());
    for (Container c : containers) {
      Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
      String taskId = labels.get(LABEL_TASK_ID);
      if (taskId == null) continue; // labelled with our node by something that is not a task
      String state = c.getState() == null ? "" : c.getState();
      TaskStatus.Phase phase = state.equals("running") || state.equals("paused") || state.equals("restarting")
          ? TaskStatus.Phase.RUNNING
          : TaskStatus.Phase.EXITED;
      tasks.add(new DriverTask(c.getId(), taskId, labels.get(LABEL_JOB_ID), labels.get(LABEL_NODE), phase));
    }
    return tasks;
  }

  @Override
  public String logsTail(String handle, int lines) throws DriverException {
    if (lines <= 0) throw new IllegalArgumentException("logs tail lines must be positive, was " + lines);
    LogCollector collector = new LogCollector();
    try {
      client.logContainerCmd(handle).withStdOut(true).withStdErr(true).withTail(lines).exec(collector);
      if (!collector.awaitCompletion(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new DriverException("logs of container " + shortId(handle) + " did not arrive within " + settings.callTimeout().toSeconds() + "s");
      }
    } catch (NotFoundException e) {
      throw new DriverException("no container " + shortId(handle) + " to read logs from", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while reading logs of container " + shortId(handle), e);
    } catch (DockerException e) {
      throw new DriverException("cannot read logs of container " + shortId(handle) + ": " + DockerErrors.reason(e), e);
    } finally {
      closeQuietly(collector);
    }
    return collector.text();
  }

  /**
   * The container's output, streamed by the engine with its own timestamps; following it ends when
   * the container stops. A stream of its own client, whose reads may wait as long as the container is
   * quiet (the call client's response timeout would cut a quiet follower off).
   * The engine counts {@code tail} over both streams before it selects one, so a tail of one
   * stream may hold fewer lines than asked when the other stream printed last.
   */
  @Override
  public LogSource logs(String taskId, String handle, LogQuery query) throws DriverException {
    if (handle == null) throw new DriverException("task " + taskId + " has no container on this node");
    DockerLogSource source = new DockerLogSource(query);
    try {
      com.github.dockerjava.api.command.LogContainerCmd cmd = streamClient().logContainerCmd(handle)
          .withStdOut(query.wantsStdout()).withStdErr(query.wantsStderr())
          .withTimestamps(true).withFollowStream(query.follow());
      if (query.tail() >= 0) cmd = cmd.withTail(query.tail());
      if (query.since() != null) cmd = cmd.withSince((int) query.since().getEpochSecond());
      cmd.exec(source);
      return source;
    } catch (NotFoundException e) {
      source.close();
      throw new DriverException("no container " + shortId(handle) + " to read output from", e);
    } catch (DockerException e) {
      source.close();
      throw new DriverException("cannot read the output of container " + shortId(handle) + ": " + DockerErrors.reason(e), e);
    }
  }

  private DockerClient streamClient() {
    synchronized (this) {
      if (streamClient == null) streamClient = newClient(config, settings.connectTimeout(), Duration.ofDays(1));
      return streamClient;
    }
  }

  /** Gathers raw frames and decodes once, so that a character split across two frames survives. */
  private static final class LogCollector extends ResultCallback.Adapter<Frame> {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void onNext(Frame frame) {
      synchronized (bytes) {
        bytes.writeBytes(frame.getPayload());
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * The container's address on the engine's default bridge network (NetworkSettings.IPAddress), or
   * on its first network when it is attached elsewhere. Containers publish no ports here, so the
   * worker reaches them directly on that address.
   */
  @Override
  public String address(String handle) throws DriverException {
    InspectContainerResponse response;
    try {
      response = client.inspectContainerCmd(handle).exec();
    } catch (NotFoundException e) {
      throw new DriverException("no container " + shortId(handle), e);
    } catch (RuntimeException e) {
      throw new DriverException("cannot inspect container " + shortId(handle) + ": " + DockerErrors.reason(e), e);
    }
    // On the host network the task listens on the worker's own interfaces: its loopback reaches it.
    if (response.getHostConfig() != null && NetworkMode.HOST.equals(response.getHostConfig().getNetworkMode())) return "127.0.0.1";
    NetworkSettings net = response.getNetworkSettings();
    if (net != null) {
      if (net.getIpAddress() != null && !net.getIpAddress().isBlank()) return net.getIpAddress();
      if (net.getNetworks() != null) {
        for (ContainerNetwork n : net.getNetworks().values()) {
          if (n.getIpAddress() != null && !n.getIpAddress().isBlank()) return n.getIpAddress();
        }
      }
    }
    throw new DriverException("container " + shortId(handle) + " has no network address");
  }

  /** {@code docker exec}: the command runs inside the container; one still running at the timeout is left to end on its own. */
  @Override
  public ExecResult exec(String handle, List<String> command, Duration timeout) throws DriverException {
    if (command.isEmpty()) throw new IllegalArgumentException("exec command must not be empty");
    LogCollector collector = new LogCollector();
    String execId;
    try {
      execId = client.execCreateCmd(handle).withCmd(command.toArray(String[]::new)).withAttachStdout(true).withAttachStderr(true)
          .exec().getId();
      client.execStartCmd(execId).exec(collector);
      if (!collector.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) return new ExecResult(null, collector.text());
      Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
      return new ExecResult(code == null ? null : code.intValue(), collector.text());
    } catch (NotFoundException e) {
      throw new DriverException("no container " + shortId(handle) + " to run " + command.get(0) + " in", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while running " + command.get(0) + " in container " + shortId(handle), e);
    } catch (RuntimeException e) {
      throw new DriverException("cannot run " + command.get(0) + " in container " + shortId(handle) + ": " + DockerErrors.reason(e), e);
    } finally {
      closeQuietly(collector);
    }
  }

  private static String shortId(String handle) {
    return handle != null && handle.length() > 12 ? handle.substring(0, 12) : String.valueOf(handle);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing a finished or cancelled stream has nothing left to report.
    }
  }

  @Override
  public void close() {
    closeQuietly(client);
    closeQuietly(pingClient);
    synchronized (this) {
      if (streamClient != null) closeQuietly(streamClient);
    }
  }
}
