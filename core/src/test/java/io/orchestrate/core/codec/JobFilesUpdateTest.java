package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.UpdatePolicy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A task group's update block in a job file: its fields, defaults and the errors that name them. */
class JobFilesUpdateTest {
  private static JobSpec parse(String update) {
    String yaml = "name: web\ntasks:\n  - name: api\n    image: local/busybox:1\n    count: 3\n" + (update == null ? "" : "    update: " + update + "\n");
    return JobFiles.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyFieldIsRead() {
    UpdatePolicy u = parse("{maxParallel: 2, minHealthySeconds: 5, healthyDeadlineSeconds: 60, autoRevert: true, order: start-first}")
        .tasks().get(0).update();
    assertThat(u).isEqualTo(new UpdatePolicy(2, 5, 60, true, UpdatePolicy.START_FIRST));
    assertThat(u.startFirst()).isTrue();
  }

  @Test
  void absentFieldsTakeTheDefaultsAndNoBlockMeansNone() {
    assertThat(parse("{}").tasks().get(0).update()).isEqualTo(UpdatePolicy.defaults());
    assertThat(UpdatePolicy.defaults()).isEqualTo(new UpdatePolicy(1, 10, 300, false, UpdatePolicy.STOP_FIRST));
    assertThat(parse(null).tasks().get(0).update()).isNull();
    assertThat(parse(null).tasks().get(0).updatePolicy()).isEqualTo(UpdatePolicy.defaults());
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> parse("{maxParallel: 0, order: sideways}"))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(String.join("\n", e.problems()))
            .contains("tasks[0].update.maxParallel must be between 1", "tasks[0].update.order must be one of start-first, stop-first (got 'sideways')"));
    assertThatThrownBy(() -> parse("{minHealthySeconds: 30, healthyDeadlineSeconds: 10}"))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(String.join("\n", e.problems()))
            .contains("tasks[0].update.healthyDeadlineSeconds must be more than minHealthySeconds"));
    assertThatThrownBy(() -> parse("{maxParallel: 1, surge: 2}")).hasMessageContaining("unknown field 'surge'");
  }
}
