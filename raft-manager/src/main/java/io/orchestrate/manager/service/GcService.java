package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.GcView;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.manager.config.Retention;
import io.orchestrate.manager.state.GarbagePlanner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/gc}: one garbage collection now, decided on the leader as the periodic one is
 * (the leader's time minus the retentions, or minus what the caller passed instead), proposed as
 * one command, answered with what apply removed. Proposes nothing when nothing is collectable.
 */
public final class GcService {
  private final Leadership leadership;
  private final Proposer proposer;
  private final Reads reads;
  private final Clock clock;
  private final Retention jobRetention;
  private final Retention nodeRetention;
  private final Executor blocking;

  /** @param blocking where the planner's scan of every job runs, off the HTTP event loop */
  public GcService(Leadership leadership, Proposer proposer, Reads reads, Clock clock, Retention jobRetention, Retention nodeRetention,
      Executor blocking) {
    this.leadership = leadership;
    this.proposer = proposer;
    this.reads = reads;
    this.clock = clock;
    this.jobRetention = jobRetention;
    this.nodeRetention = nodeRetention;
    this.blocking = blocking;
  }

  /**
   * @param jobsOlderThan collect jobs that ended at least this long ago instead of the configured
   *                      retention (even when it is off); null keeps the retention
   * @param nodesOlderThan likewise for DOWN nodes
   */
  public CompletableFuture<GcView> collect(Duration jobsOlderThan, Duration nodesOlderThan) {
    leadership.requireLeader();
    long now = clock.millis();
    long jobsBy = jobsOlderThan != null ? now - jobsOlderThan.toMillis() : jobRetention.cutoff(now);
    long nodesBy = nodesOlderThan != null ? now - nodesOlderThan.toMillis() : nodeRetention.cutoff(now);
    return CompletableFuture.supplyAsync(() -> GarbagePlanner.plan(reads.local(), jobsBy, nodesBy, now), blocking).thenCompose(plan -> {
      if (plan.command() == null) return CompletableFuture.completedFuture(view(jobsBy, nodesBy, new CommandResult.Collected(List.of(), List.of(), 0, 0), 0));
      return proposer.propose(plan.command()).thenApply(r -> {
        if (r instanceof CommandResult.Collected c) return view(jobsBy, nodesBy, c, plan.remaining());
        if (r instanceof CommandResult.Rejected rej) throw new ApiException(ErrorCode.byWire(rej.code()), rej.message());
        throw new ApiException(ErrorCode.INTERNAL, "unexpected result " + r);
      });
    });
  }

  private static GcView view(long jobsBy, long nodesBy, CommandResult.Collected c, int remaining) {
    return new GcView(jobsBy == Long.MIN_VALUE ? null : jobsBy, nodesBy == Long.MIN_VALUE ? null : nodesBy, c.jobIds().size(), c.tasks(),
        c.idempotencyKeys(), c.nodeIds().size(), c.jobIds().stream().limit(GcView.MAX_LISTED).toList(),
        c.nodeIds().stream().limit(GcView.MAX_LISTED).toList(), remaining);
  }
}
