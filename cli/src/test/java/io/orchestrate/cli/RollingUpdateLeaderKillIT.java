package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.TaskFilter;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentGroup;
import io.orchestrate.localcluster.ChildProcess;
import io.orchestrate.localcluster.LoopbackLayout;
import io.orchestrate.localcluster.ProcessCluster;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.testkit.DockerCli;
import io.orchestrate.testkit.HttpApi;
import io.orchestrate.testkit.RollingJobs;
import io.orchestrate.testkit.StateDigests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader SIGKILLed in the middle of a rolling update of real containers: three managers and a
 * Docker worker, each its own process. The new leader continues the same deployment (same id, same
 * versions), each old slot gets exactly one new task, no task is lost, and at the end the engine
 * runs three containers of the new version and none of the old. Slow: one to two minutes.
 */
@RequiresDocker(images = "local/busybox:1")
class RollingUpdateLeaderKillIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private final String node = "wl-" + UUID.randomUUID().toString().substring(0, 6);

  @AfterEach
  void removeContainers() {
    DockerCli.removeWithLabel("orchestrate.node=" + node);
  }

  private static Deployment deploymentOf(ManagersClient client, int version) {
    for (Deployment d : client.deployments(RollingJobs.JOB).value().deployments()) if (d.toVersion() == version) return d;
    return null;
  }

  private static Deployment awaitDeployment(ManagersClient client, int version, String status) {
    return await("deployment of version " + version + " " + status).atMost(WAIT).ignoreExceptions()
        .until(() -> deploymentOf(client, version), d -> d != null && d.status().name().equalsIgnoreCase(status));
  }

  private static List<TaskView> tasksOfVersion(List<TaskView> tasks, int version) {
    return tasks.stream().filter(t -> t.jobVersion() != null && t.jobVersion() == version).toList();
  }

  @Test
  void aRollingUpdateContinuesUnderTheNextLeaderAfterASigkill() throws Exception {
    try (ProcessCluster c = ProcessCluster.start(LoopbackLayout.of(dir.resolve("cluster"), 3), dir.resolve("logs"), WAIT)) {
      ChildProcess worker = new ChildProcess(node, List.of("worker", "--id", node, "--data-dir", dir.resolve(node).toString(),
          "--managers", c.layout().gateways(), "--driver", "docker", "--cpus", "2", "--memory-mb", "1024", "--disk-mb", "1000",
          "--advertise-host", "127.0.0.1", "--insecure"), dir.resolve("logs").resolve(node + ".log"));
      try {
        worker.start();
        ManagersClient client = c.client(Duration.ofSeconds(20));
        await("the worker registered").atMost(WAIT).ignoreExceptions()
            .until(() -> client.nodes().value().nodes().stream().anyMatch(n -> node.equals(n.get("id")) && "READY".equals(n.get("state"))));
        String jobId = client.submitJob(RollingJobs.web("local/busybox:1", "one", "start-first"), "leader-kill-1").value().id();
        awaitDeployment(client, 1, "successful");
        List<TaskView> v1 = tasksOfVersion(client.allTasks(TaskFilter.all().withJob(jobId)), 1);
        assertThat(v1).hasSize(RollingJobs.COUNT);

        assertThat(client.submitJob(RollingJobs.web("local/busybox:1", "two", "start-first"), "leader-kill-2").value().version()).isEqualTo(2);
        Deployment started = await("the first replacement placed").atMost(WAIT).ignoreExceptions()
            .until(() -> deploymentOf(client, 2), d -> !d.groups().get(0).placed().isEmpty());
        String leader = client.cluster().value().leader();
        c.kill(leader);
        assertThat(started.status().name()).as("killed in the middle of the update").isEqualToIgnoringCase("running");
        assertThat(started.groups().get(0).healthy()).as("killed before every slot was replaced").hasSizeLessThan(RollingJobs.COUNT);
        await("another manager leads").atMost(WAIT).ignoreExceptions().until(() -> client.cluster().value().leader(), l -> l != null && !l.equals(leader));

        Deployment done = awaitDeployment(client, 2, "successful");
        assertThat(done.id()).as("the same deployment, continued").isEqualTo(started.id());
        assertThat(done.fromVersion()).isEqualTo(1);
        assertThat(done.steps()).isGreaterThan(started.steps());
        assertThat(client.deployments(RollingJobs.JOB).value().deployments()).as("no other deployment started")
            .extracting(Deployment::toVersion).containsExactlyInAnyOrder(1, 2);
        DeploymentGroup g = done.groups().get(0);

        List<TaskView> all = client.allTasks(TaskFilter.all().withJob(jobId));
        List<TaskView> v2 = tasksOfVersion(all, 2);
        assertThat(v2).as("one new task per slot: none replaced twice").extracting(TaskView::index).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(v2).extracting(TaskView::id).containsExactlyInAnyOrderElementsOf(g.placed()).containsExactlyInAnyOrderElementsOf(g.healthy());
        assertThat(v2).allSatisfy(t -> {
          assertThat(t.state()).isEqualTo("RUNNING");
          assertThat(t.health()).isEqualTo("healthy");
        });
        assertThat(tasksOfVersion(all, 1)).as("the old tasks, each stopped, none lost").extracting(TaskView::id)
            .containsExactlyInAnyOrderElementsOf(v1.stream().map(TaskView::id).toList());
        assertThat(tasksOfVersion(all, 1)).allSatisfy(t -> assertThat(t.state()).isEqualTo("STOPPED"));
        assertThat(all).as("every task is of version 1 or 2").hasSize(2 * RollingJobs.COUNT);

        // The engine's own view: three containers of the new version run, none of the old.
        Set<String> containers = new TreeSet<>();
        for (TaskView t : v2) containers.add(t.containerId());
        await("the engine runs exactly the new containers").atMost(WAIT)
            .until(() -> new TreeSet<>(DockerCli.runningWithLabel("orchestrate.node=" + node)), containers::equals);
        List<String> commands = new ArrayList<>();
        for (String id : containers) commands.add(DockerCli.inspect(id, "{{json .Config.Cmd}}"));
        assertThat(commands).allSatisfy(cmd -> assertThat(cmd).contains("echo two").doesNotContain("echo one"));

        List<String> survivors = new ArrayList<>();
        for (String id : c.layout().ids()) if (!id.equals(leader)) survivors.add(c.layout().slot(id).api().toString());
        StateDigests.awaitSame(new HttpApi(), survivors, null, WAIT);
      } finally {
        worker.stop(5_000);
      }
    }
  }
}
