package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.FeatureState;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.Plan;
import io.orchestrate.scheduler.Schedulers;
import io.orchestrate.scheduler.TaskRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A round with jobs that name their own algorithm: each planned by it, none promised capacity another took. */
class JobAlgorithmsTest {
  private static final long T0 = 1_700_000_000_000L;

  private static StateImage cluster(String... schedulers) {
    StateImage s = StateImage.EMPTY.withFeatures(new FeatureState(3, T0));
    long index = 1;
    for (String n : List.of("w1", "w2", "w3")) {
      s = Applier.apply(s, new RegisterNode(n, "127.0.0.1:1", Resources.of(1, 1024, 1024), Map.of(), "process", T0, null), index++).image();
    }
    for (int j = 0; j < schedulers.length; j++) {
      JobSpec spec = new JobSpec("job-" + j, List.of(new TaskSpec("t", "local/busybox:1", List.of("sleep"), null, 1, Resources.of(1, 64, 0), null)),
          schedulers[j]);
      s = Applier.apply(s, new SubmitJob("j-" + j, null, spec, List.of("t-" + j), T0), index++).image();
    }
    return s;
  }

  private static Plan plan(StateImage s) {
    List<TaskRequest> requests = new ArrayList<>();
    Map<String, Task> byId = new HashMap<>();
    for (String id : s.pending()) {
      Task t = s.tasks().get(id);
      requests.add(PlacementInputs.request(t, s.specOf(t)));
      byId.put(id, t);
    }
    requests.sort((a, b) -> a.taskId().compareTo(b.taskId()));
    return JobAlgorithms.plan(Schedulers.byName(Schedulers.EPVM), s, requests, byId);
  }

  @Test
  void jobsOfDifferentAlgorithmsNeverShareCapacityOnlyOneOfThemHas() {
    // Three nodes of one cpu, three one-cpu tasks under three algorithms: one task per node.
    Plan p = plan(cluster(null, "binpack", "spread"));
    assertThat(p.placements()).hasSize(3);
    Set<String> nodes = new HashSet<>();
    p.placements().forEach(pl -> nodes.add(pl.nodeId()));
    assertThat(nodes).containsExactlyInAnyOrder("w1", "w2", "w3");
  }

  @Test
  void aFourthTaskBeyondTheCapacityIsUnplacedWithTheSchedulersReason() {
    Plan p = plan(cluster("binpack", "binpack", "spread", null));
    assertThat(p.placements()).hasSize(3);
    assertThat(p.unplaced()).singleElement().satisfies(u -> assertThat(u.reason()).contains("cpu"));
  }

  @Test
  void theJobFilesAlgorithmNamesAreTheSchedulersNames() {
    assertThat(new HashSet<>(JobSpec.SCHEDULERS)).isEqualTo(new HashSet<>(Schedulers.names()));
  }
}
