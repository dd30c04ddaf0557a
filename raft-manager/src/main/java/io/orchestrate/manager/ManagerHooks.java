package io.orchestrate.manager;

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
 */
public record ManagerHooks(UnaryOperator<SubmitCommit> submitCommit) {
  public static final ManagerHooks NONE = new ManagerHooks(UnaryOperator.identity());

  public ManagerHooks {
    Objects.requireNonNull(submitCommit, "submitCommit");
  }
}
