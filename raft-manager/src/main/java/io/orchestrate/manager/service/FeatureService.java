package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.FeaturesView;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.SetFeatureLevel;
import io.orchestrate.core.feature.Feature;
import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.core.feature.FeatureUse;
import io.orchestrate.manager.state.StateImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster feature level: what it is and what each voter supports ({@code GET
 * /v1/cluster/features}), raising it ({@code POST /v1/cluster/features/upgrade}), the first level
 * of a new cluster, and the check every service makes before it proposes. Decided on the leader:
 * it asks every voter which level it supports and writes the answers into the entry, and apply
 * checks the entry against them (see {@code FeatureApplier}).
 */
public final class FeatureService {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureService.class);

  private final int supported;
  private final Leadership leadership;
  private final Proposer proposer;
  private final Reads reads;
  private final ClusterService cluster;
  private final Clock clock;
  /** True from deciding to set a new cluster's first level until that proposal has an answer. */
  private final java.util.concurrent.atomic.AtomicBoolean initialPending = new java.util.concurrent.atomic.AtomicBoolean();

  /** @param supported the highest level this manager supports ({@link FeatureLevel#HIGHEST} as shipped) */
  public FeatureService(int supported, Leadership leadership, Proposer proposer, Reads reads, ClusterService cluster, Clock clock) {
    this.supported = supported;
    this.leadership = leadership;
    this.proposer = proposer;
    this.reads = reads;
    this.cluster = cluster;
    this.clock = clock;
  }

  /**
   * Refuses {@code c} (409, naming the feature, the level it needs and the step that raises it)
   * when it uses a feature above {@code image}'s level: the check the leader's entry gate makes,
   * made first here so that one caller's refusal does not fail a batch of others.
   */
  public static void require(Command c, StateImage image) {
    FeatureUse u = FeatureUse.above(c, image.featureLevel());
    if (u != null) throw new ApiException(ErrorCode.CONFLICT, u.refusal(image.featureLevel()));
  }

  /**
   * As {@link #require}, on this manager. A new cluster is at the baseline until its first leader,
   * once ready, has set its first level (see {@link #leaderReady}): from the election until that
   * entry applies, a command that needs more is answered 503, which clients retry, rather than 409
   * with an upgrade step that a new cluster does not need (and that, before the first token
   * exists, no operator could run).
   */
  public void requireHere(Command c, StateImage image) {
    boolean firstLevelComing = initialPending.get() || (supported > FeatureLevel.BASELINE && fresh(image));
    if (firstLevelComing && FeatureUse.above(c, image.featureLevel()) != null) {
      throw new ApiException(ErrorCode.UNAVAILABLE, "this new cluster's feature level is being set; retry in a moment");
    }
    require(c, image);
  }

  public CompletableFuture<FeaturesView> view(boolean stale) {
    return reads.read(stale).thenCompose(img -> cluster.voterLevels(img).thenApply(levels -> view(img, levels)));
  }

  FeaturesView view(StateImage img, SortedMap<String, Integer> levels) {
    List<FeaturesView.Manager> managers = new ArrayList<>();
    levels.forEach((id, l) -> managers.add(new FeaturesView.Manager(id, l, l == null ? "did not answer" : null)));
    List<FeaturesView.Level> catalogue = new ArrayList<>();
    for (int l = FeatureLevel.BASELINE; l <= supported; l++) {
      List<String> adds = new ArrayList<>();
      if (l == FeatureLevel.BASELINE) adds.add("everything before feature levels");
      for (Feature f : FeatureLevel.adds(l)) adds.add(f.description());
      catalogue.add(new FeaturesView.Level(l, adds));
    }
    Integer every = everyVoter(levels);
    return new FeaturesView(img.featureLevel(), img.features().atMillis(), supported, every == null ? 0 : every, managers, catalogue);
  }

  /** The highest level every voter supports, or null when one did not answer. */
  private static Integer everyVoter(Map<String, Integer> levels) {
    int min = Integer.MAX_VALUE;
    for (Integer l : levels.values()) {
      if (l == null) return null;
      min = Math.min(min, l);
    }
    return levels.isEmpty() ? null : min;
  }

  /**
   * Raises the level to the highest every voter supports. Refused (409) while a voter does not
   * answer, or when some voters could go higher but one holds the level where it is, naming the
   * managers behind. When every voter supports exactly the active level there is nothing to do:
   * the answer is the view, unchanged.
   */
  public CompletableFuture<FeaturesView> upgrade() {
    leadership.requireLeader();
    return reads.read(false).thenCompose(img -> cluster.voterLevels(img).thenCompose(levels -> {
      int active = img.featureLevel();
      List<String> silent = new ArrayList<>();
      levels.forEach((id, l) -> {
        if (l == null) silent.add(id);
      });
      if (!silent.isEmpty()) {
        throw new ApiException(ErrorCode.CONFLICT, "the cluster stays at feature level " + active + ": " + String.join(", ", silent)
            + " did not say which level it supports (not reachable); start it again, or remove it from the cluster, then run this again");
      }
      int target = everyVoter(levels);
      if (target <= active) {
        int ahead = java.util.Collections.max(levels.values());
        List<String> behind = new ArrayList<>();
        levels.forEach((id, l) -> {
          if (l < ahead) behind.add(id + " supports " + l);
        });
        if (behind.isEmpty()) return CompletableFuture.completedFuture(view(img, levels));
        throw new ApiException(ErrorCode.CONFLICT, "the cluster stays at feature level " + active + ": " + String.join(", ", behind)
            + " while other voting managers support " + ahead + "; upgrade " + (behind.size() == 1 ? "that manager" : "those managers")
            + " to the newer release, then run this again");
      }
      SetFeatureLevel raise = new SetFeatureLevel(target, levels, false, clock.millis());
      return proposer.propose(raise).thenCompose(r -> {
        if (r instanceof CommandResult.Rejected rej) throw new ApiException(ErrorCode.byWire(rej.code()), rej.message());
        LOG.info("cluster feature level raised from {} to {} (voters support {})", active, target, levels);
        return view(false);
      });
    }));
  }

  /**
   * On becoming the ready leader (every committed entry applied): if the log held nothing yet, set
   * the highest level this manager supports, so a new cluster uses every feature without a step.
   * A cluster with anything in its state (an existing one being upgraded) stays at its level until
   * an operator raises it. A race with another new leader is settled at apply: an initial level
   * applies only while none was set.
   */
  public void leaderReady() {
    StateImage img = reads.local();
    if (supported <= FeatureLevel.BASELINE || !fresh(img)) return;
    initialPending.set(true);
    proposer.propose(new SetFeatureLevel(supported, Map.of(), true, clock.millis())).whenComplete((r, e) -> {
      initialPending.set(false);
      if (e != null) LOG.info("setting a new cluster's feature level failed (an operator can run `cluster features upgrade`): {}", e.toString());
      else if (r instanceof CommandResult.Rejected rej) LOG.info("a new cluster's feature level was not set: {}", rej.message());
      else LOG.info("new cluster: feature level set to {}", supported);
    });
  }

  /** Whether this manager, as a new cluster's first leader, is still setting its first level. */
  public boolean settingInitialLevel() {
    return initialPending.get();
  }

  /** Whether nothing was ever applied that an earlier release's managers could have written. */
  static boolean fresh(StateImage img) {
    return img.managers().isEmpty() && img.jobs().isEmpty() && img.nodes().isEmpty() && !img.acl().bootstrapped()
        && img.acl().tokens().isEmpty() && !img.features().set();
  }
}
