package io.orchestrate.worker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.RestartPolicy.Policy;
import io.orchestrate.worker.reconcile.RestartRules.Decision;
import io.orchestrate.worker.reconcile.RestartRules.Outcome;
import org.junit.jupiter.api.Test;

class RestartRulesTest {
  private static Decision exit(Policy p, int max, int restartsSoFar, Integer code) {
    return RestartRules.onExit(new RestartPolicy(p, max, 0), restartsSoFar, code, null);
  }

  @Test
  void neverRestarts() {
    assertThat(exit(Policy.NEVER, 3, 0, 0)).isEqualTo(new Decision(Outcome.COMPLETED, "exited with code 0"));
    assertThat(exit(Policy.NEVER, 3, 0, 1)).isEqualTo(new Decision(Outcome.FAILED, "exited with code 1"));
  }

  @Test
  void onFailureRestartsFailuresUntilTheBudgetIsSpent() {
    assertThat(exit(Policy.ON_FAILURE, 3, 0, 0).outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(exit(Policy.ON_FAILURE, 3, 2, 0).outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(exit(Policy.ON_FAILURE, 3, 0, 3).outcome()).isEqualTo(Outcome.RESTART);
    assertThat(exit(Policy.ON_FAILURE, 3, 2, 3).outcome()).isEqualTo(Outcome.RESTART);
    assertThat(exit(Policy.ON_FAILURE, 3, 3, 3))
        .isEqualTo(new Decision(Outcome.FAILED, "exited with code 3; 3 restarts exhausted"));
    assertThat(exit(Policy.ON_FAILURE, 0, 0, 1).outcome()).as("zero budget").isEqualTo(Outcome.FAILED);
  }

  @Test
  void alwaysRestartsAnyExitUntilTheBudgetIsSpent() {
    assertThat(exit(Policy.ALWAYS, 2, 0, 0).outcome()).isEqualTo(Outcome.RESTART);
    assertThat(exit(Policy.ALWAYS, 2, 1, 5).outcome()).isEqualTo(Outcome.RESTART);
    assertThat(exit(Policy.ALWAYS, 2, 2, 0)).isEqualTo(new Decision(Outcome.COMPLETED, "exited with code 0; 2 restarts exhausted"));
    assertThat(exit(Policy.ALWAYS, 2, 2, 5).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void aVanishedProcessIsAFailureDescribedByTheDriver() {
    Decision d = RestartRules.onExit(new RestartPolicy(Policy.ON_FAILURE, 0, 0), 0, null, "its copy c1 disappeared");
    assertThat(d).isEqualTo(new Decision(Outcome.FAILED, "its copy c1 disappeared; 0 restarts exhausted"));
    assertThat(RestartRules.onExit(new RestartPolicy(Policy.NEVER, 0, 0), 0, 137, "out of memory").reason())
        .isEqualTo("exited with code 137 (out of memory)");
  }
}
