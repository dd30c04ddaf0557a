package io.orchestrate.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.spec.HealthCheck;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.core.spec.TaskSpec;
import java.util.List;
import java.util.Map;

/**
 * One task a node should run, with everything the worker needs to start it.
 *
 * <p>A desired task is identified by {@code (taskId, generation)}. The generation grows each time
 * the leader (re)places the task or changes what it should run; a worker running an older
 * generation of the same task stops that copy and starts this one.
 *
 * @param group   the task spec's name inside the job
 * @param index   instance number within its group
 * @param command argv; empty means the image's default command
 * @param health  the task's health check, or null for none
 * @param network the container's network ({@link io.orchestrate.core.spec.NetworkMode}), or null
 *                for the default bridge; left out of the encoding when absent, so that a worker
 *                of the release before it still reads every task that does not set it
 * @param user    who the task runs as in its container, or null for the image's default; left out
 *                of the encoding when absent, like {@code network}
 * @param secrets the task's secrets, values in full: this record is sent only to the node the
 *                task is placed on. Left out of the encoding when empty, like {@code network};
 *                its {@code toString} shows names only
 */
public record DesiredTask(
    String taskId,
    String jobId,
    String group,
    int index,
    long generation,
    String image,
    List<String> command,
    Map<String, String> env,
    Resources resources,
    RestartPolicy restart,
    @JsonInclude(JsonInclude.Include.NON_NULL) HealthCheck health,
    @JsonInclude(JsonInclude.Include.NON_NULL) String network,
    @JsonInclude(JsonInclude.Include.NON_NULL) String user,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Secrets secrets) {

  public DesiredTask {
    Checks.text(taskId, "desiredTask.taskId");
    Checks.text(jobId, "desiredTask.jobId");
    Checks.text(group, "desiredTask.group");
    Checks.notNegative(index, "desiredTask.index");
    Checks.notNegative(generation, "desiredTask.generation");
    command = Checks.list(command, "desiredTask.command");
    env = Checks.map(env, "desiredTask.env");
    if (resources == null) resources = Resources.defaults();
    if (restart == null) restart = RestartPolicy.defaults();
    secrets = secrets == null ? Secrets.NONE : secrets;
    Checks.map(secrets.values(), "desiredTask.secrets"); // names only in its messages
  }

  /** A desired task that runs as its image's default user, without secrets. */
  public DesiredTask(String taskId, String jobId, String group, int index, long generation, String image, List<String> command,
      Map<String, String> env, Resources resources, RestartPolicy restart, HealthCheck health, String network) {
    this(taskId, jobId, group, index, generation, image, command, env, resources, restart, health, network, null, null);
  }

  /** A desired task without secrets. */
  public DesiredTask(String taskId, String jobId, String group, int index, long generation, String image, List<String> command,
      Map<String, String> env, Resources resources, RestartPolicy restart, HealthCheck health, String network, String user) {
    this(taskId, jobId, group, index, generation, image, command, env, resources, restart, health, network, user, null);
  }

  /** A desired task without a health check. */
  public DesiredTask(String taskId, String jobId, String group, int index, long generation, String image, List<String> command,
      Map<String, String> env, Resources resources, RestartPolicy restart) {
    this(taskId, jobId, group, index, generation, image, command, env, resources, restart, null, null, null, null);
  }

  /** A desired task on the default network. */
  public DesiredTask(String taskId, String jobId, String group, int index, long generation, String image, List<String> command,
      Map<String, String> env, Resources resources, RestartPolicy restart, HealthCheck health) {
    this(taskId, jobId, group, index, generation, image, command, env, resources, restart, health, null, null, null);
  }

  /** The desired task for instance {@code index} of {@code spec}. */
  public static DesiredTask of(String taskId, String jobId, TaskSpec spec, int index, long generation) {
    return new DesiredTask(taskId, jobId, spec.name(), index, generation, spec.image(), spec.command(), spec.env(),
        spec.resources(), spec.restart(), spec.health(), spec.network(), spec.user(), spec.secrets());
  }
}
