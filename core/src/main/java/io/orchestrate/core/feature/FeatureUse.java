package io.orchestrate.core.feature;

import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.TaskSpec;

/**
 * Which feature a command uses, if any: what the leader's entry gate and apply compare with the
 * active level. A command that uses none reads the same at every level, so it encodes as it did
 * before levels existed.
 *
 * @param feature the feature used
 * @param subject what in the command uses it, as a refusal names it ("job field secrets")
 */
public record FeatureUse(Feature feature, String subject) {

  /** The first feature above {@code active} that {@code c} uses, or null when it fits the level. */
  public static FeatureUse above(Command c, int active) {
    FeatureUse u = of(c, active);
    return u != null && u.feature.level() > active ? u : null;
  }

  /**
   * The feature an entry's encoding needs, when it is above {@code active}, or null: a manager of
   * an earlier release cannot even read which command an entry in a newer format holds.
   */
  public static FeatureUse above(EntryFormat format, int active) {
    Feature f = format.feature();
    return f != null && f.level() > active ? new FeatureUse(f, "a log entry in the " + format.name().charAt(0)
        + format.name().substring(1).toLowerCase(java.util.Locale.ROOT) + " format") : null;
  }

  /** The refusal that names this use and the active level. */
  public String refusal(int active) {
    return FeatureLevel.refusal(subject, feature, active);
  }

  private static FeatureUse updateBlock(io.orchestrate.core.spec.JobSpec spec) {
    if (spec == null || spec.tasks() == null) return null;
    for (TaskSpec t : spec.tasks()) {
      if (t != null && t.update() != null) return new FeatureUse(Feature.ROLLING_UPDATES, "job field update");
    }
    return null;
  }

  private static FeatureUse of(Command c, int active) {
    switch (c.type()) {
      case SUBMIT_JOB -> {
        SubmitJob s = (SubmitJob) c;
        if (s.spec() == null || s.spec().tasks() == null) return null;
        FeatureUse rolling = updateBlock(s.spec());
        if (rolling != null) return rolling;
        if (s.spec().scheduler() != null) return new FeatureUse(Feature.JOB_SCHEDULER, "job field scheduler");
        for (TaskSpec t : s.spec().tasks()) {
          if (t != null && t.secrets() != null && !t.secrets().isEmpty()) return new FeatureUse(Feature.TASK_SECRETS, "job field secrets");
        }
        for (TaskSpec t : s.spec().tasks()) {
          if (t != null && (!t.constraints().isEmpty() || t.distinct())) {
            return new FeatureUse(Feature.PLACEMENT_CONSTRAINTS, "job fields constraints and distinctNodes");
          }
        }
        return null;
      }
      case UPDATE_JOB -> {
        // The entry itself needs level 3; an update block in its spec needs 4.
        FeatureUse rolling = updateBlock(((io.orchestrate.core.command.UpdateJob) c).spec());
        if (rolling != null && active >= Feature.JOB_VERSIONS.level()) return rolling;
        return new FeatureUse(Feature.JOB_VERSIONS, "log entry " + c.type().tag() + " (job versions)");
      }
      case STEP_DEPLOYMENT, FAIL_DEPLOYMENT, RESTART_JOB -> {
        return new FeatureUse(Feature.ROLLING_UPDATES, "log entry " + c.type().tag() + " (rolling updates)");
      }
      case BOOTSTRAP_ACL, CREATE_TOKEN, REVOKE_TOKEN -> {
        return new FeatureUse(Feature.ACL_TOKENS, "log entry " + c.type().tag() + " (API tokens)");
      }
      case REGISTER_MANAGER -> {
        RegisterManager r = (RegisterManager) c;
        return r.manager() != null && r.manager().featureLevel() > FeatureLevel.BASELINE
            ? new FeatureUse(Feature.MANAGER_LEVELS, "manager.register field featureLevel")
            : null;
      }
      case BATCH -> {
        for (Command inner : ((CommandBatch) c).commands()) {
          FeatureUse u = inner == null ? null : above(inner, active);
          if (u != null) return u;
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }
}
