package io.orchestrate.worker;

import io.orchestrate.gateway.protocol.Desired;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a caller of {@link Worker#Worker(WorkerConfig, WorkerHooks)} may change in how the worker
 * works, fixed when it is made. {@link #NONE} is the worker as shipped; the chaos suite's
 * deliberately broken build passes a hook that keeps stopped tasks in every set, to prove its
 * checker catches a worker that runs what the leader no longer wants.
 *
 * @param desired applied to every whole desired set (after its parts or deltas are assembled and
 *                fenced by term) before the reconciler sees it. It runs on the gateway client's
 *                event loop, one set at a time, so it must not block
 */
public record WorkerHooks(UnaryOperator<Desired> desired) {
  public static final WorkerHooks NONE = new WorkerHooks(UnaryOperator.identity());

  public WorkerHooks {
    Objects.requireNonNull(desired, "desired");
  }
}
