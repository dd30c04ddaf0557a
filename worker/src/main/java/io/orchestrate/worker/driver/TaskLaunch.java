package io.orchestrate.worker.driver;

import io.orchestrate.core.spec.NetworkMode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a driver needs to start one task instance. Immutable; collections are copied (env
 * sorted by key) so that a launch can be logged and compared deterministically.
 *
 * @param taskId    the task's cluster-wide id; becomes the {@code orchestrate.task-id} label
 * @param jobId     the job the task belongs to; the {@code orchestrate.job-id} label
 * @param nodeId    the node the task is placed on; the {@code orchestrate.node} label
 * @param image     container image; ignored by the process driver, may be null there
 * @param command   argv; empty means the image's default command (docker) and is rejected by the
 *                  process driver, which has no default
 * @param env       environment variables added for the task
 * @param resources cpu and memory limits to apply
 * @param name      a human-readable name (the container name for docker); must be unique per engine
 * @param network   the container's network, one of {@link NetworkMode#ALL}; absent means bridge
 * @param user      who the task runs as ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}),
 *                  or null for the image's default user
 * @param secrets   environment variables whose values are never shown; kept apart from {@code env}
 *                  so that a logged launch names them without their values
 */
public record TaskLaunch(
    String taskId,
    String jobId,
    String nodeId,
    String image,
    List<String> command,
    Map<String, String> env,
    Resources resources,
    String name,
    String network,
    String user,
    Secrets secrets) {

  public TaskLaunch {
    requireText(taskId, "taskId");
    requireText(jobId, "jobId");
    requireText(nodeId, "nodeId");
    requireText(name, "name");
    command = command == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(command));
    for (int i = 0; i < command.size(); i++) {
      if (command.get(i) == null) throw new IllegalArgumentException("launch.command[" + i + "] must not be null");
    }
    env = env == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(env));
    env.forEach((k, v) -> checkVariable("env", k, v));
    if (secrets == null) secrets = Secrets.NONE;
    secrets.values().forEach((k, v) -> checkVariable("secrets", k, v));
    if (resources == null) resources = Resources.defaults();
    network = NetworkMode.effective(network);
    if (!NetworkMode.ALL.contains(network)) {
      throw new IllegalArgumentException("launch.network must be one of " + String.join(", ", NetworkMode.ALL) + ", was '" + network + "'");
    }
    if (user != null && user.isBlank()) throw new IllegalArgumentException("launch.user must not be blank when set");
  }

  /** A launch that runs as the image's default user, without secrets. */
  public TaskLaunch(String taskId, String jobId, String nodeId, String image, List<String> command, Map<String, String> env,
      Resources resources, String name, String network) {
    this(taskId, jobId, nodeId, image, command, env, resources, name, network, null, null);
  }

  /** A launch without secrets. */
  public TaskLaunch(String taskId, String jobId, String nodeId, String image, List<String> command, Map<String, String> env,
      Resources resources, String name, String network, String user) {
    this(taskId, jobId, nodeId, image, command, env, resources, name, network, user, null);
  }

  /** A launch on the default bridge network. */
  public TaskLaunch(String taskId, String jobId, String nodeId, String image, List<String> command, Map<String, String> env,
      Resources resources, String name) {
    this(taskId, jobId, nodeId, image, command, env, resources, name, null, null, null);
  }

  /** The task's whole environment, {@code env} and secrets together: what a driver hands to the task, and nothing to log. */
  public Map<String, String> environment() {
    if (secrets.isEmpty()) return env;
    Map<String, String> all = new TreeMap<>(env);
    all.putAll(secrets.values());
    return Collections.unmodifiableMap(all);
  }

  /** Messages name the variable, never its value. */
  private static void checkVariable(String field, String name, String value) {
    if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("launch." + field + " key '" + name + "' must be non-empty and must not contain '=' or NUL");
    }
    Objects.requireNonNull(value, () -> "launch." + field + "['" + name + "'] must not be null");
    if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("launch." + field + "['" + name + "'] must not contain NUL");
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException("launch." + field + " must not be blank");
  }
}
