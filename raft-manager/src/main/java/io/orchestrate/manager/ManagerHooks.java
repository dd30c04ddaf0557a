package io.orchestrate.manager;

import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.manager.service.SubmitCommit;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a caller of {@link Manager#start(io.orchestrate.manager.config.ManagerConfig, ManagerHooks)}
 * may change in how the manager works, fixed when it starts. {@link #NONE} is the manager as
 * shipped; the chaos suite's deliberately broken build wraps the submit step with one that
 * answers before the command is committed, to prove its checker catches the lost writes.
 *
 * @param submitCommit wraps the step that proposes a decided submission and answers the caller
 * @param checkEntries whether the leader checks each entry before appending it (always, as
 *                     shipped); off only in tests that must commit an entry apply cannot read, to
 *                     prove that a manager then stops loudly and that {@code --skip-entry} recovers
 * @param featureLevel the highest cluster feature level this manager says it supports (in its
 *                     health answer and its registration) and will set as a new cluster's first
 *                     leader; {@link FeatureLevel#HIGHEST} as shipped. A lower one makes it stand
 *                     for a manager of an earlier release in upgrade tests (it still reads every
 *                     entry this build reads)
 */
public record ManagerHooks(UnaryOperator<SubmitCommit> submitCommit, boolean checkEntries, int featureLevel) {
  public static final ManagerHooks NONE = new ManagerHooks(UnaryOperator.identity());

  public ManagerHooks {
    Objects.requireNonNull(submitCommit, "submitCommit");
    if (featureLevel < FeatureLevel.BASELINE || featureLevel > FeatureLevel.HIGHEST) {
      throw new IllegalArgumentException("featureLevel must be " + FeatureLevel.BASELINE + ".." + FeatureLevel.HIGHEST + " (got " + featureLevel + ")");
    }
  }

  public ManagerHooks(UnaryOperator<SubmitCommit> submitCommit) {
    this(submitCommit, true);
  }

  public ManagerHooks(UnaryOperator<SubmitCommit> submitCommit, boolean checkEntries) {
    this(submitCommit, checkEntries, FeatureLevel.HIGHEST);
  }

  /** The manager as shipped, but saying it supports feature levels only up to {@code level}, as an earlier release would. */
  public static ManagerHooks supportingUpTo(int level) {
    return new ManagerHooks(UnaryOperator.identity(), true, level);
  }

  /** The manager as shipped, but letting any client request into the log unchecked. */
  public static ManagerHooks uncheckedEntries() {
    return new ManagerHooks(UnaryOperator.identity(), false);
  }
}
