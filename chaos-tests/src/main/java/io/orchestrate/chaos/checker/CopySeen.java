package io.orchestrate.chaos.checker;

/**
 * One copy of a task as a worker's own journal ({@code GET /v1/copies}) records it, times in
 * wall-clock milliseconds (see {@link History#nanosOfWall}). The interval is already widened by
 * the worker: it cannot have started before {@code startedAtMillis} nor ended after {@code endedAtMillis}.
 *
 * @param endedAtMillis null while it still ran when the journal was read
 */
public record CopySeen(
    String taskId,
    String jobId,
    String group,
    int index,
    long generation,
    String handle,
    boolean adopted,
    long startedAtMillis,
    Long endedAtMillis,
    Integer exitCode,
    String endReason) {

  public boolean running() {
    return endedAtMillis == null;
  }

  /** Whether this copy and {@code o} ran at one moment (intervals open at the end; a running copy runs until now). */
  public boolean overlaps(CopySeen o) {
    long end = endedAtMillis == null ? Long.MAX_VALUE : endedAtMillis;
    long oEnd = o.endedAtMillis == null ? Long.MAX_VALUE : o.endedAtMillis;
    return startedAtMillis < oEnd && o.startedAtMillis < end;
  }
}
