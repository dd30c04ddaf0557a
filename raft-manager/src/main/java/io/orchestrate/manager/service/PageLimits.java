package io.orchestrate.manager.service;

/**
 * Bounds of the paged reads ({@code GET /v1/jobs}, {@code GET /v1/tasks}). They are part of the
 * API's contract rather than a manager's configuration: a client that asks any manager for
 * {@link #MAX_LIMIT} items must get them, whichever manager answers and whatever its flags.
 */
public final class PageLimits {
  /** Items per page when the request names no {@code limit}. */
  public static final int DEFAULT_LIMIT = 1000;
  /** The largest {@code limit} accepted; larger is a 400 naming {@code limit}. */
  public static final int MAX_LIMIT = 10_000;
  /**
   * Most records one page examines. A filter that matches rarely would otherwise walk every task
   * to fill one page; with this bound a page costs at most this much, and the listing goes on from
   * where it stopped (the page may be short or empty, and carries a cursor).
   */
  public static final int SCAN_BUDGET = 50_000;
  /**
   * Job summaries in a listing carry their tasks; a page of jobs also ends once it holds this many
   * tasks between them (after at least one job), so that a page of large jobs stays bounded.
   */
  public static final int MAX_TASKS_PER_JOB_PAGE = MAX_LIMIT;
  /** A cursor longer than this was not made here (ours are well under 1 KiB). */
  public static final int MAX_CURSOR_CHARS = 2048;

  private PageLimits() {}
}
