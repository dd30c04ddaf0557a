package io.orchestrate.cli;

/** The process exit codes users and scripts rely on. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The cluster answered and refused: invalid job, unknown job, conflict; also a job file that fails local validation. */
  public static final int REJECTED = 1;
  /** The command line is wrong (picocli's own code for invalid input). */
  public static final int USAGE = 2;
  /** No manager could serve the request: none reachable, or no leader/quorum until the deadline. */
  public static final int UNAVAILABLE = 3;

  private ExitCodes() {}
}
