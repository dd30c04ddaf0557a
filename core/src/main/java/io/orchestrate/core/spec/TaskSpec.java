package io.orchestrate.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One kind of task in a job: {@code count} identical containers of {@code image}. Collections are
 * copied into unmodifiable, ordered forms (env sorted by key) so that encoding is deterministic.
 * Nulls inside collections are kept for {@link JobSpecValidator} to report by position.
 *
 * @param health  the task's health check, or null for none (only its process must live); left out
 *                of encodings when absent so that specs without one encode as they always did
 * @param network the container's network ({@link NetworkMode}), or null for the default bridge;
 *                left out of encodings when absent, like {@code health}
 * @param user    who the task's process runs as in its container ({@code name}, {@code uid},
 *                {@code name:group} or {@code uid:gid}), or null for the image's default user;
 *                left out of encodings when absent, like {@code health}
 * @param secrets environment variables whose values only the worker running the task receives
 *                (see {@link Secrets}); left out of encodings when empty, like {@code health}
 * @param constraints rules a node must meet to run this group's tasks ({@link PlacementConstraint});
 *                left out of encodings when empty
 * @param distinctNodes true to place each of this group's tasks on a node holding no other task of
 *                the job; null (left out of encodings) or false otherwise
 * @param update  how a new version replaces this group's tasks ({@link UpdatePolicy}): a rolling,
 *                health-gated deployment; null (left out of encodings) to replace them all in one step
 */
public record TaskSpec(
    String name,
    String image,
    List<String> command,
    Map<String, String> env,
    Integer count,
    Resources resources,
    RestartPolicy restart,
    ReschedulePolicy reschedule,
    @JsonInclude(JsonInclude.Include.NON_NULL) HealthCheck health,
    @JsonInclude(JsonInclude.Include.NON_NULL) String network,
    @JsonInclude(JsonInclude.Include.NON_NULL) String user,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Secrets secrets,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PlacementConstraint> constraints,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean distinctNodes,
    @JsonInclude(JsonInclude.Include.NON_NULL) UpdatePolicy update) {

  public static final int DEFAULT_COUNT = 1;

  public TaskSpec {
    command = command == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(command));
    env = env == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(nullSafe(env)));
    if (count == null) count = DEFAULT_COUNT;
    if (resources == null) resources = Resources.defaults();
    if (restart == null) restart = RestartPolicy.defaults();
    if (reschedule == null) reschedule = ReschedulePolicy.defaults();
    if (secrets == null) secrets = Secrets.NONE;
    constraints = constraints == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(constraints));
    if (Boolean.FALSE.equals(distinctNodes)) distinctNodes = null;
  }

  /** A spec without an update block. */
  public TaskSpec(String name, String image, List<String> command, Map<String, String> env, Integer count, Resources resources,
      RestartPolicy restart, ReschedulePolicy reschedule, HealthCheck health, String network, String user, Secrets secrets,
      List<PlacementConstraint> constraints, Boolean distinctNodes) {
    this(name, image, command, env, count, resources, restart, reschedule, health, network, user, secrets, constraints, distinctNodes, null);
  }

  /** A spec without placement constraints. */
  public TaskSpec(String name, String image, List<String> command, Map<String, String> env, Integer count, Resources resources,
      RestartPolicy restart, ReschedulePolicy reschedule, HealthCheck health, String network, String user, Secrets secrets) {
    this(name, image, command, env, count, resources, restart, reschedule, health, network, user, secrets, null, null);
  }

  /** Whether each task of the group must be on a node without another task of the job. */
  public boolean distinct() {
    return Boolean.TRUE.equals(distinctNodes);
  }

  /** This spec with another count, everything else kept. */
  public TaskSpec withCount(int n) {
    return new TaskSpec(name, image, command, env, n, resources, restart, reschedule, health, network, user, secrets, constraints, distinctNodes, update);
  }

  /** A spec that runs as the image's default user, without secrets. */
  public TaskSpec(String name, String image, List<String> command, Map<String, String> env, Integer count, Resources resources,
      RestartPolicy restart, ReschedulePolicy reschedule, HealthCheck health, String network) {
    this(name, image, command, env, count, resources, restart, reschedule, health, network, null, null);
  }

  /** A spec without secrets. */
  public TaskSpec(String name, String image, List<String> command, Map<String, String> env, Integer count, Resources resources,
      RestartPolicy restart, ReschedulePolicy reschedule, HealthCheck health, String network, String user) {
    this(name, image, command, env, count, resources, restart, reschedule, health, network, user, null);
  }

  /** A spec that runs as the image's default user. */
  public TaskSpec(String name, String image, List<String> command, Map<String, String> env, Integer count, Resources resources,
      RestartPolicy restart, ReschedulePolicy reschedule, HealthCheck health, String network, Secrets secrets) {
    this(name, image, command, env, count, resources, restart, reschedule, health, network, null, secrets);
  }

  /** A spec without a reschedule block (the default policy applies). */
  public TaskSpec(String name, String image, List<String> command, Map<String, String> env, Integer count, Resources resources,
      RestartPolicy restart) {
    this(name, image, command, env, count, resources, restart, null, null, null, null, null);
  }

  /** A spec without a health check. */
  public TaskSpec(String name, String image, List<String> command, Map<String, String> env, Integer count, Resources resources,
      RestartPolicy restart, ReschedulePolicy reschedule) {
    this(name, image, command, env, count, resources, restart, reschedule, null, null, null, null);
  }

  /** A spec on the default network. */
  public TaskSpec(String name, String image, List<String> command, Map<String, String> env, Integer count, Resources resources,
      RestartPolicy restart, ReschedulePolicy reschedule, HealthCheck health) {
    this(name, image, command, env, count, resources, restart, reschedule, health, null, null, null);
  }


  /** This spec with the update block {@code u} (null for none). */
  public TaskSpec withUpdate(UpdatePolicy u) {
    return new TaskSpec(name, image, command, env, count, resources, restart, reschedule, health, network, user, secrets, constraints,
        distinctNodes, u);
  }

  /** This group's update settings: its block, or the defaults (a rolling restart of a group without one uses them). */
  public UpdatePolicy updatePolicy() {
    return update == null ? UpdatePolicy.defaults() : update;
  }

  /** This spec on {@code network}. */
  public TaskSpec withNetwork(String network) {
    return new TaskSpec(name, image, command, env, count, resources, restart, reschedule, health, network, user, secrets, constraints,
        distinctNodes, update);
  }

  /** This spec run as {@code user}. */
  public TaskSpec withUser(String user) {
    return new TaskSpec(name, image, command, env, count, resources, restart, reschedule, health, network, user, secrets, constraints,
        distinctNodes, update);
  }

  /** This spec with {@code secrets}. */
  public TaskSpec withSecrets(Secrets secrets) {
    return new TaskSpec(name, image, command, env, count, resources, restart, reschedule, health, network, user, secrets, constraints,
        distinctNodes, update);
  }

  /** This spec as a view may show it: each secret's value replaced by {@link Secrets#REDACTED}. */
  public TaskSpec redacted() {
    return secrets.isEmpty() ? this : withSecrets(secrets.redacted());
  }

  private static Map<String, String> nullSafe(Map<String, String> env) {
    // TreeMap rejects a null key; a YAML "~: x" key becomes "null" so validation can name it.
    Map<String, String> m = new TreeMap<>();
    env.forEach((k, v) -> m.put(k == null ? "null" : k, v));
    return m;
  }
}
