package io.orchestrate.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.feature.Feature;
import io.orchestrate.core.feature.FeatureUse;
import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job field scheduler: parsed, validated naming the field, gated at level 3, and a change of it is a change. */
class JobSchedulerFieldTest {
  private static JobSpec parse(String scheduler) {
    String yaml = "name: web\n" + (scheduler == null ? "" : "scheduler: " + scheduler + "\n")
        + "tasks:\n  - name: api\n    image: local/busybox:1\n    command: [\"sleep\", \"60\"]\n";
    return JobFiles.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aJobNamesItsAlgorithmOrLeavesItOutOfItsEncoding() {
    assertThat(parse("binpack").scheduler()).isEqualTo("binpack");
    JobSpec plain = parse(null);
    assertThat(plain.scheduler()).isNull();
    assertThat(new String(Json.bytes(plain), StandardCharsets.UTF_8)).doesNotContain("scheduler");
  }

  @Test
  void anUnknownAlgorithmIsRefusedNamingTheField() {
    assertThatThrownBy(() -> parse("fastest")).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("scheduler must be one of round-robin, epvm, binpack, spread (got 'fastest')");
  }

  @Test
  void theFieldNeedsLevelThree() {
    SubmitJob with = new SubmitJob("j-1", null, parse("spread"), List.of("t-1"), 1);
    assertThat(FeatureUse.above(with, 2).feature()).isEqualTo(Feature.JOB_SCHEDULER);
    assertThat(FeatureUse.above(with, 2).refusal(2)).startsWith("job field scheduler needs cluster feature level 3; the cluster is at 2");
    assertThat(FeatureUse.above(with, 3)).isNull();
    assertThat(FeatureUse.above(new SubmitJob("j-1", null, parse(null), List.of("t-1"), 1), 2)).isNull();
  }

  @Test
  void changingTheAlgorithmIsAVersionThatTouchesNoTask() {
    JobDiff d = JobDiff.between(parse(null), parse("spread"));
    assertThat(d.unchanged()).isFalse();
    assertThat(d.jobChanges()).containsExactly("scheduler: default -> spread");
    assertThat(d.groups()).allSatisfy(g -> assertThat(g.kind()).isEqualTo(GroupChange.Kind.UNCHANGED));
    assertThat(d.describe()).containsExactly("scheduler: default -> spread");
  }
}
