package io.orchestrate.chaos.unsafe;

import io.orchestrate.core.api.JobView;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.manager.ManagerHooks;
import io.orchestrate.manager.service.SubmitCommit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * DELIBERATELY UNSAFE, for the chaos suite's broken build only: proposes each submission through
 * the manager's own step but answers at once, before the command is committed. A leader that is
 * cut off keeps acknowledging jobs that the new majority never sees, so the checker must report
 * them as lost writes (BrokenBuildIT).
 */
public final class AckBeforeCommit implements SubmitCommit {
  private final SubmitCommit next;

  public AckBeforeCommit(SubmitCommit next) {
    this.next = Objects.requireNonNull(next, "next");
  }

  /** A manager's hooks with this decorator around its submit step. */
  public static ManagerHooks hooks() {
    return new ManagerHooks(AckBeforeCommit::new);
  }

  @Override
  public CompletableFuture<JobView> submit(SubmitJob command) {
    next.submit(command); // proposed; whether it commits is not waited for, which is the fault
    return CompletableFuture.completedFuture(
        new JobView(command.jobId(), command.spec().name(), "PENDING", null, null, command.spec(), List.of()));
  }
}
