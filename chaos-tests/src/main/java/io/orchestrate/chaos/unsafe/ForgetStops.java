package io.orchestrate.chaos.unsafe;

import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.worker.WorkerHooks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * DELIBERATELY UNSAFE, for the chaos suite's broken build only: remembers every task the leader
 * ever wanted on this worker and keeps them all in every set it passes on to the reconciler, so
 * the worker never stops a task the leader stopped (nor one that finished or moved): the lost stop
 * that {@code workers-run-desired-set} must catch (BrokenBuildIT). The leader sees nothing wrong:
 * the worker's heartbeats acknowledge the sets it was sent, which the hook does not change.
 *
 * <p>Called on the gateway client's single event-loop thread (see {@link WorkerHooks}); the
 * memory is that thread's alone, and lasts as long as the worker process.
 */
public final class ForgetStops implements UnaryOperator<Desired> {
  /** Every task ever desired, by id, at the last generation the leader sent. */
  private final Map<String, DesiredTask> remembered = new LinkedHashMap<>();

  /** A worker's hooks with this filter on its desired sets. */
  public static WorkerHooks hooks() {
    return new WorkerHooks(new ForgetStops());
  }

  @Override
  public Desired apply(Desired d) {
    for (DesiredTask t : d.tasks()) remembered.put(t.taskId(), t);
    return new Desired(d.term(), d.nodeId(), new ArrayList<>(remembered.values()));
  }
}
