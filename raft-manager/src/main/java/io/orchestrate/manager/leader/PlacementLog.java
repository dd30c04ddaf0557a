package io.orchestrate.manager.leader;

import java.util.function.Consumer;

/**
 * The INFO lines about scheduling rounds that placed tasks: at most one every
 * {@link #EVERY_MILLIS}, adding up the rounds in between, since a busy leader runs many rounds a
 * second and a line for each would drown everything else. A round that placed nothing says nothing
 * here: why a task waits is written on the task. The first round after a quiet second is written
 * at once; what adds up after it is written by the next round or tick past the second.
 *
 * <p>Owned by the leader thread.
 */
final class PlacementLog {
  static final long EVERY_MILLIS = 1_000;

  private final Consumer<String> out;
  private long lastLineAt = Long.MIN_VALUE / 2;
  private long firstRoundAt;
  private int rounds;
  private int placed;
  private int stale;
  private long slowestMs;
  private int pending;

  PlacementLog(Consumer<String> out) {
    this.out = out;
  }

  /**
   * A round's placements were committed: {@code placed} of them applied, {@code stale} refused by
   * apply (the task or node changed since the plan; those tasks stay pending), {@code pending}
   * tasks still waiting after it, {@code tookMs} from the plan's start to the commit.
   */
  void round(int placed, int stale, int pending, long tookMs, long nowMillis) {
    if (rounds == 0) firstRoundAt = nowMillis - tookMs;
    rounds++;
    this.placed += placed;
    this.stale += stale;
    this.pending = pending;
    slowestMs = Math.max(slowestMs, tookMs);
    flushIfDue(nowMillis);
  }

  /** Writes what added up once a line is due; called by each round and by the leader's tick. */
  void flushIfDue(long nowMillis) {
    if (rounds == 0 || nowMillis - lastLineAt < EVERY_MILLIS) return;
    String refused = stale == 0 ? "" : ", " + stale + " placement(s) refused as stale and retried";
    if (rounds == 1) {
      out.accept("placed " + placed + " task(s) in one round of " + slowestMs + " ms" + refused + "; " + pending + " pending");
    } else {
      out.accept("placed " + placed + " task(s) in " + rounds + " rounds over " + Math.max(0, nowMillis - firstRoundAt)
          + " ms (slowest " + slowestMs + " ms)" + refused + "; " + pending + " pending");
    }
    lastLineAt = nowMillis;
    rounds = 0;
    placed = 0;
    stale = 0;
    slowestMs = 0;
  }
}
