package io.orchestrate.manager.leader;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.config.Retention;
import io.orchestrate.manager.state.GarbagePlanner;
import io.orchestrate.manager.state.StateImage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects garbage on the leader: once per interval it asks {@link GarbagePlanner} which ended jobs
 * and DOWN nodes are past their retention at the leader's time and proposes one
 * {@link io.orchestrate.core.command.CollectGarbage} naming them, or nothing when nothing is
 * collectable. A collection cut short by the planner's bounds is followed by the next at once
 * (the next tick) rather than an interval later, so a backlog drains steadily in small entries.
 *
 * <p>{@link #tick} runs on the leader thread; the proposal completes on another, which only clears
 * {@code inFlight} and sets {@code nextRunMillis}: both are safe to touch from either thread, and
 * at most one collection is in flight.
 */
public final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  private final Supplier<StateImage> image;
  private final Function<Command, CompletableFuture<CommandResult>> propose;
  private final LongSupplier clock;
  private final Retention jobs;
  private final Retention nodes;
  private final long intervalMillis;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile long nextRunMillis = Long.MIN_VALUE;

  public GarbageCollector(ManagerConfig config, Supplier<StateImage> image, Function<Command, CompletableFuture<CommandResult>> propose,
      LongSupplier clock) {
    this(image, propose, clock, config.jobRetention(), config.nodeRetention(), config.gcInterval());
  }

  GarbageCollector(Supplier<StateImage> image, Function<Command, CompletableFuture<CommandResult>> propose, LongSupplier clock,
      Retention jobs, Retention nodes, Duration interval) {
    this.image = image;
    this.propose = propose;
    this.clock = clock;
    this.jobs = jobs;
    this.nodes = nodes;
    this.intervalMillis = interval.toMillis();
  }

  /** Called on every leader tick; collects when the interval has passed and no collection is in flight. */
  public void tick() {
    if (jobs.off() && nodes.off()) return;
    long now = clock.getAsLong();
    if (now < nextRunMillis || !inFlight.compareAndSet(false, true)) return;
    GarbagePlanner.Plan plan;
    try {
      plan = GarbagePlanner.plan(image.get(), jobs.cutoff(now), nodes.cutoff(now), now);
    } catch (RuntimeException e) {
      inFlight.set(false);
      throw e;
    }
    if (plan.command() == null) {
      nextRunMillis = now + intervalMillis;
      inFlight.set(false);
      return;
    }
    propose.apply(plan.command()).whenComplete((r, e) -> {
      if (e != null) {
        LOG.warn("garbage collection was not committed, next try in {} ms: {}", intervalMillis, e.getMessage());
      } else if (r instanceof CommandResult.Collected c && (!c.jobIds().isEmpty() || !c.nodeIds().isEmpty())) {
        LOG.info("collected {} ended jobs ({} tasks, {} idempotency keys) and {} DOWN nodes{}", c.jobIds().size(), c.tasks(),
            c.idempotencyKeys(), c.nodeIds().size(), plan.remaining() > 0 ? "; " + plan.remaining() + " more to collect" : "");
      }
      nextRunMillis = e == null && plan.remaining() > 0 ? Long.MIN_VALUE : clock.getAsLong() + intervalMillis;
      inFlight.set(false);
    });
  }
}
