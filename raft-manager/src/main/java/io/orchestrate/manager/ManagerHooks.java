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
 * @param checkEntries whether the leader checks each entry before appending it (always, as
 *                     shipped); off only in tests that must commit an entry apply cannot read, to
 *                     prove that a manager then stops loudly and that {@code --skip-entry} recovers
 */
public record ManagerHooks(UnaryOperator<SubmitCommit> submitCommit, boolean checkEntries) {
  public static final ManagerHooks NONE = new ManagerHooks(UnaryOperator.identity());

  public ManagerHooks {
    Objects.requireNonNull(submitCommit, "submitCommit");
  }

  public ManagerHooks(UnaryOperator<SubmitCommit> submitCommit) {
    this(submitCommit, true);
  }

  /** The manager as shipped, but letting any client request into the log unchecked. */
  public static ManagerHooks uncheckedEntries() {
    return new ManagerHooks(UnaryOperator.identity(), false);
  }
}
