package io.orchestrate.manager.state;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.SetFeatureLevel;
import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.core.feature.FeatureUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apply rules for the cluster feature level. The level only rises, and only to what every voter
 * named in the entry supports; refusals are replicated outcomes. Because level changes are log
 * entries, the level at any index is the same on every replica, and so is the answer to "does this
 * entry fit the level": an entry that uses a feature above the level where it applies (a proposer
 * that skipped the leader's gate) is refused on every replica, so the state never holds what a
 * manager of an earlier release could not read, and a downgrade stays possible until the raise.
 */
final class FeatureApplier {
  private FeatureApplier() {}

  /** The refusal of {@code c} at the level where it applies, or null when it fits. */
  static CommandResult aboveLevel(Delta d, Command c) {
    int active = d.image().featureLevel();
    FeatureUse u = FeatureUse.above(c, active);
    return u == null ? null : new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), u.refusal(active));
  }

  static CommandResult set(Delta d, SetFeatureLevel c) {
    FeatureState now = d.image().features();
    if (c.initial()) {
      if (now.set()) {
        return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(),
            "the cluster's feature level was already set (it is at " + now.level() + "); an initial level applies only to a new cluster");
      }
      if (c.level() <= FeatureLevel.BASELINE) return new CommandResult.Done();
    } else {
      if (c.level() < now.level()) {
        return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(),
            "the cluster is at feature level " + now.level() + " and a feature level is never lowered (asked for " + c.level() + ")");
      }
      if (c.level() == now.level()) return new CommandResult.Done();
      List<String> behind = new ArrayList<>();
      for (Map.Entry<String, Integer> v : c.voters().entrySet()) {
        if (v.getValue() < c.level()) behind.add(v.getKey() + " supports " + v.getValue());
      }
      if (c.voters().isEmpty() || !behind.isEmpty()) {
        return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "feature level " + c.level()
            + " needs every voting manager to support it; behind: " + (behind.isEmpty() ? "no voter listed" : String.join(", ", behind)));
      }
    }
    if (c.level() > FeatureLevel.HIGHEST) {
      // Every voter said it supports the level, yet this replica's build does not: it cannot apply
      // what follows, so it stops here rather than guess (as at a command tag it cannot read).
      throw new IllegalStateException("log entry sets the cluster feature level to " + c.level() + " but this build supports up to "
          + FeatureLevel.HIGHEST + ": run a release that supports level " + c.level() + " on this manager");
    }
    d.setFeatures(new FeatureState(c.level(), c.atMillis()));
    return new CommandResult.Done();
  }
}
