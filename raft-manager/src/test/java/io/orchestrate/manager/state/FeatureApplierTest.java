package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.BootstrapAcl;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.command.SetFeatureLevel;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.TokenRole;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.store.ManagerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster feature level at apply: raised only, only as far as every listed voter supports, and what it gates. */
class FeatureApplierTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @TempDir Path dir;

  private static List<Applier.Applied> applyAll(StateImage base, ManagerStore store, Command... commands) {
    List<Applier.Applied> out = new ArrayList<>();
    StateImage img = base;
    long index = base.index();
    for (Command c : commands) {
      Applier.Applied a = Applier.apply(img, c, ++index);
      if (store != null) store.commit(a.mutations(), 1, index);
      out.add(a);
      img = a.image();
    }
    return out;
  }

  private static SetFeatureLevel raise(int level, Map<String, Integer> voters) {
    return new SetFeatureLevel(level, voters, false, T0);
  }

  private static SubmitJob secretJob() {
    TaskSpec t = new TaskSpec("db", "postgres:16", List.of(), Map.of(), 1, Resources.of(0.1, 64, 0), null)
        .withSecrets(Secrets.of(Map.of("PASSWORD", "hunter2")));
    return new SubmitJob("j-1", null, new JobSpec("db", List.of(t)), List.of("t-1"), T0);
  }

  private static BootstrapAcl bootstrap() {
    return new BootstrapAcl(new ApiToken("a-1", HASH, TokenRole.OPERATOR, "bootstrap", T0));
  }

  private static void rejected(CommandResult r, String... parts) {
    assertThat(r).isInstanceOfSatisfying(CommandResult.Rejected.class, rej -> {
      assertThat(rej.code()).isEqualTo(ErrorCode.CONFLICT.wire());
      assertThat(rej.message()).contains(parts);
    });
  }

  @Test
  void aStateWithoutALevelIsAtTheBaseline() {
    assertThat(StateImage.EMPTY.featureLevel()).isEqualTo(1);
    assertThat(StateImage.EMPTY.features().set()).isFalse();
  }

  @Test
  void aRaiseThatEveryVoterSupportsApplies() {
    Applier.Applied a = applyAll(StateImage.EMPTY, null, raise(2, Map.of("m1", 2, "m2", 2, "m3", 3))).get(0);
    assertThat(a.result()).isEqualTo(new CommandResult.Done());
    assertThat(a.image().featureLevel()).isEqualTo(2);
    assertThat(a.image().features().atMillis()).isEqualTo(T0);
  }

  @Test
  void aRaiseAboveWhatAVoterSupportsIsRefusedNamingIt() {
    Applier.Applied a = applyAll(StateImage.EMPTY, null, raise(2, Map.of("m1", 2, "m2", 1, "m3", 2))).get(0);
    rejected(a.result(), "feature level 2 needs every voting manager to support it", "behind: m2 supports 1");
    assertThat(a.mutations().isEmpty()).as("a refusal writes nothing").isTrue();
    assertThat(a.image().featureLevel()).isEqualTo(1);
  }

  @Test
  void aLevelIsNeverLoweredAndTheSameLevelAgainChangesNothing() {
    StateImage at2 = StateImage.EMPTY.withFeatures(new FeatureState(2, T0));
    List<Applier.Applied> a = applyAll(at2, null, raise(1, Map.of("m1", 1)), raise(2, Map.of("m1", 2)));
    rejected(a.get(0).result(), "the cluster is at feature level 2 and a feature level is never lowered (asked for 1)");
    assertThat(a.get(0).image().featureLevel()).isEqualTo(2);
    assertThat(a.get(1).result()).isEqualTo(new CommandResult.Done());
    assertThat(a.get(1).mutations().isEmpty()).isTrue();
    assertThat(a.get(1).image().features().atMillis()).as("the first raise's time stays").isEqualTo(T0);
  }

  @Test
  void anInitialLevelAppliesOnlyWhileNoLevelWasEverSet() {
    List<Applier.Applied> a = applyAll(StateImage.EMPTY, null,
        new RegisterManager(new ManagerInfo("m2", "h:1", "h:2", "h:3")),
        new SetFeatureLevel(2, Map.of(), true, T0),
        new SetFeatureLevel(2, Map.of(), true, T0 + 1));
    assertThat(a.get(1).result()).as("a follower's registration may come first").isEqualTo(new CommandResult.Done());
    assertThat(a.get(1).image().featureLevel()).isEqualTo(2);
    rejected(a.get(2).result(), "already set (it is at 2)");
    assertThat(a.get(2).image().features().atMillis()).isEqualTo(T0);
  }

  @Test
  void aLevelThisBuildCannotApplyStopsTheReplicaInsteadOfGuessing() {
    int beyond = io.orchestrate.core.feature.FeatureLevel.HIGHEST + 1;
    assertThatThrownBy(() -> applyAll(StateImage.EMPTY, null, raise(beyond, Map.of("m1", beyond))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("this build supports up to " + io.orchestrate.core.feature.FeatureLevel.HIGHEST);
  }

  @Test
  void entriesAboveTheLevelAreRefusedAtApplyUntilTheRaiseAndApplyAfterIt() {
    List<Applier.Applied> a = applyAll(StateImage.EMPTY, null, secretJob(), bootstrap(), raise(2, Map.of("m1", 2)), secretJob(), bootstrap());
    rejected(a.get(0).result(), "job field secrets needs cluster feature level 2; the cluster is at 1");
    assertThat(a.get(0).mutations().isEmpty()).isTrue();
    rejected(a.get(1).result(), "log entry acl.bootstrap (API tokens) needs cluster feature level 2");
    assertThat(a.get(1).image().acl().bootstrapped()).isFalse();
    assertThat(a.get(3).result()).isInstanceOf(CommandResult.JobSubmitted.class);
    assertThat(a.get(4).result()).isEqualTo(new CommandResult.Done());
  }

  @Test
  void withinABatchEachCommandMeetsTheLevelWhereItApplies() {
    CommandBatch batch = new CommandBatch(List.of(secretJob(), raise(2, Map.of("m1", 2)), bootstrap()));
    CommandResult.Batch r = (CommandResult.Batch) applyAll(StateImage.EMPTY, null, batch).get(0).result();
    rejected(r.results().get(0), "job field secrets");
    assertThat(r.results().get(1)).isEqualTo(new CommandResult.Done());
    assertThat(r.results().get(2)).as("after the raise in the same entry").isEqualTo(new CommandResult.Done());
  }

  @Test
  void aRegistrationPublishingALevelIsRefusedAtTheBaselineAndTakenAfter() {
    ManagerInfo m = new ManagerInfo("m1", "h:1", "h:2", "h:3");
    List<Applier.Applied> a = applyAll(StateImage.EMPTY, null, new RegisterManager(m.withFeatureLevel(2)), new RegisterManager(m),
        raise(2, Map.of("m1", 2)), new RegisterManager(m.withFeatureLevel(2)));
    rejected(a.get(0).result(), "manager.register field featureLevel needs cluster feature level 2");
    assertThat(a.get(1).image().managers().get("m1")).isEqualTo(m);
    assertThat(a.get(3).image().managers().get("m1").featureLevel()).isEqualTo(2);
  }

  @Test
  void theLevelReloadsFromTheStoreAndABaselineClusterKeepsTheDigestOfAStoreWithoutTheFamily() throws Exception {
    try (ManagerStore raised = ManagerStore.open(dir.resolve("a")); ManagerStore baseline = ManagerStore.open(dir.resolve("b"))) {
      RegisterManager reg = new RegisterManager(new ManagerInfo("m1", "h:1", "h:2", "h:3"));
      applyAll(StateImage.EMPTY, baseline, reg, raise(1, Map.of("m1", 1)), new SetFeatureLevel(1, Map.of(), true, T0));
      applyAll(StateImage.EMPTY, raised, reg, raise(2, Map.of("m1", 2)), new SetFeatureLevel(1, Map.of(), true, T0));
      // A baseline cluster writes nothing to the features family: the digest an earlier release computes.
      try (ManagerStore plain = ManagerStore.open(dir.resolve("c"))) {
        applyAll(StateImage.EMPTY, plain, reg);
        assertThat(baseline.digest().sha256()).isEqualTo(plain.digest().sha256());
      }
      assertThat(raised.digest().sha256()).as("the level is covered by the digest").isNotEqualTo(baseline.digest().sha256());
      assertThat(StateImage.load(raised).features()).isEqualTo(new FeatureState(2, T0));
      assertThat(StateImage.load(baseline).features()).isEqualTo(FeatureState.BASELINE);
    }
  }
}
