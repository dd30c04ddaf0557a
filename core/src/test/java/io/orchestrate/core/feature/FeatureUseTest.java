package io.orchestrate.core.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.BootstrapAcl;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.command.RevokeToken;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.TokenRole;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.core.spec.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which commands need which level, and the refusal an operator reads. */
class FeatureUseTest {
  private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private static SubmitJob job(Secrets secrets) {
    TaskSpec a = new TaskSpec("a", "nginx:1", List.of(), Map.of(), 1, Resources.of(0.1, 64, 0), null);
    TaskSpec b = new TaskSpec("b", "nginx:1", List.of(), Map.of(), 1, Resources.of(0.1, 64, 0), null);
    JobSpec spec = new JobSpec("app", List.of(a, secrets == null ? b : b.withSecrets(secrets)));
    return new SubmitJob("j-1", null, spec, List.of("t-1", "t-2"), 1);
  }

  @Test
  void secretsInAnyTaskNeedLevelTwoWithTheMessageTheApiAnswers() {
    FeatureUse u = FeatureUse.above(job(Secrets.of(Map.of("DB", "x"))), 1);
    assertThat(u.feature()).isEqualTo(Feature.TASK_SECRETS);
    assertThat(u.refusal(1)).isEqualTo("job field secrets needs cluster feature level 2; the cluster is at 1:"
        + " run `orchestrate cluster features upgrade` once every manager runs this release");
    assertThat(FeatureUse.above(job(Secrets.of(Map.of("DB", "x"))), 2)).as("fits level 2").isNull();
    assertThat(FeatureUse.above(job(null), 1)).as("a job without secrets fits the baseline").isNull();
  }

  @Test
  void tokenEntriesNeedLevelTwoAndNameTheirTag() {
    Command boot = new BootstrapAcl(new ApiToken("a-1", HASH, TokenRole.OPERATOR, "bootstrap", 1));
    assertThat(FeatureUse.above(boot, 1).subject()).isEqualTo("log entry acl.bootstrap (API tokens)");
    assertThat(FeatureUse.above(new RevokeToken("a-1", 1), 1).feature()).isEqualTo(Feature.ACL_TOKENS);
    assertThat(FeatureUse.above(boot, 2)).isNull();
  }

  @Test
  void aRegistrationNeedsLevelTwoOnlyWhenItPublishesMoreThanTheBaseline() {
    ManagerInfo m = new ManagerInfo("m1", "h:1", "h:2", "h:3");
    assertThat(FeatureUse.above(new RegisterManager(m), 1)).isNull();
    assertThat(FeatureUse.above(new RegisterManager(m.withFeatureLevel(2)), 1).feature()).isEqualTo(Feature.MANAGER_LEVELS);
  }

  @Test
  void aBatchNeedsWhatAnyOfItsCommandsNeeds() {
    Command batch = new CommandBatch(List.of(new StopJob("j-1", 1), job(Secrets.of(Map.of("K", "v")))));
    assertThat(FeatureUse.above(batch, 1).feature()).isEqualTo(Feature.TASK_SECRETS);
    assertThat(FeatureUse.above(new CommandBatch(List.of(new StopJob("j-1", 1))), 1)).isNull();
  }

  @Test
  void smileEntriesNeedLevelFiveAndJsonEntriesNeedNone() {
    FeatureUse u = FeatureUse.above(io.orchestrate.core.codec.EntryFormat.SMILE, 4);
    assertThat(u.feature()).isEqualTo(Feature.SMILE_ENTRIES);
    assertThat(u.refusal(4)).isEqualTo("a log entry in the Smile format needs cluster feature level 5; the cluster is at 4:"
        + " run `orchestrate cluster features upgrade` once every manager runs this release");
    assertThat(FeatureUse.above(io.orchestrate.core.codec.EntryFormat.SMILE, 5)).isNull();
    assertThat(FeatureUse.above(io.orchestrate.core.codec.EntryFormat.JSON, FeatureLevel.BASELINE)).isNull();
    assertThat(FeatureLevel.adds(5)).containsExactly(Feature.SMILE_ENTRIES);
  }

  @Test
  void everyFeatureIsAddedByALevelThisBuildSupports() {
    for (Feature f : Feature.values()) assertThat(f.level()).as(f.name()).isBetween(FeatureLevel.BASELINE + 1, FeatureLevel.HIGHEST);
    assertThat(FeatureLevel.adds(FeatureLevel.BASELINE)).isEmpty();
    assertThat(FeatureLevel.adds(2)).containsExactly(Feature.TASK_SECRETS, Feature.ACL_TOKENS, Feature.MANAGER_LEVELS);
  }
}
