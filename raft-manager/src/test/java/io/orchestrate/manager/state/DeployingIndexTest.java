package io.orchestrate.manager.state;

import static io.orchestrate.manager.state.RollingState.JOB;
import static io.orchestrate.manager.state.RollingState.T0;
import static io.orchestrate.manager.state.RollingState.policy;
import static io.orchestrate.manager.state.RollingState.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.StepDeployment;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentStatus;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.spec.UpdatePolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The image's index of jobs with a running deployment, which the leader's deployment watcher walks
 * instead of every job: a job is in it exactly while its latest deployment runs and it is live,
 * whatever entry started, finished, superseded or stopped that deployment, and an image rebuilt
 * from the job records (as after a restart or an installed snapshot) holds the same index.
 */
class DeployingIndexTest {
  private static final UpdatePolicy ONE_AT_A_TIME = policy(1, 1, 30, true, UpdatePolicy.STOP_FIRST);

  private static Set<String> deploying(StateImage img) {
    Set<String> out = new HashSet<>();
    img.deploying().forEach(out::add);
    return out;
  }

  /** The index an image rebuilt record by record would hold, as {@link StateImage#load} rebuilds it. */
  private static Set<String> rebuilt(StateImage img) {
    StateImage fresh = StateImage.EMPTY;
    for (Job j : img.jobs().values()) fresh = fresh.withJob(j);
    return deploying(fresh);
  }

  /** Replaces the one task {@code old} by {@code created} and finishes the running deployment with it healthy. */
  private static void finish(RollingState s, String old, String created) {
    Deployment d = s.deployment();
    s.apply(new StepDeployment(JOB, d.id(), d.steps(), List.of(old), List.of(new StepDeployment.Create(created, "api", 0)), List.of(), false, T0 + 5000));
    s.runAll(null, T0 + 6000);
    d = s.deployment();
    s.apply(new StepDeployment(JOB, d.id(), d.steps(), List.of(), List.of(), List.of(created), true, T0 + 7000));
    assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SUCCESSFUL);
  }

  @Test
  void aJobIsIndexedWhileItsLatestDeploymentRunsAndLeavesWhenItEndsOrTheJobStops() {
    RollingState s = new RollingState(4);
    s.submit(web(1, "v1", null, false));
    s.runAll(null, T0 + 10);
    assertThat(deploying(s.image())).as("a job without an update block has no deployment").isEmpty();

    s.update(web(1, "v2", ONE_AT_A_TIME, false), T0 + 1000);
    assertThat(deploying(s.image())).containsExactly(JOB);
    assertThat(rebuilt(s.image())).containsExactly(JOB);

    finish(s, "t-0", "n-0");
    assertThat(deploying(s.image())).as("a finished deployment leaves the index").isEmpty();
    assertThat(rebuilt(s.image())).isEmpty();

    s.update(web(1, "v3", ONE_AT_A_TIME, false), T0 + 8000);
    assertThat(deploying(s.image())).containsExactly(JOB);
    s.apply(new StopJob(JOB, T0 + 9000));
    assertThat(deploying(s.image())).as("a stopped job is not watched, its deployment still marked running or not").isEmpty();
    assertThat(rebuilt(s.image())).isEmpty();
  }

  @Test
  void removingAJobRecordRemovesItFromTheIndex() {
    RollingState s = new RollingState(4);
    s.submit(web(2, "v1", ONE_AT_A_TIME, false));
    s.update(web(2, "v2", ONE_AT_A_TIME, false), T0 + 1000);
    assertThat(deploying(s.image())).containsExactly(JOB);
    assertThat(deploying(s.image().withoutJob(JOB))).isEmpty();
  }
}
