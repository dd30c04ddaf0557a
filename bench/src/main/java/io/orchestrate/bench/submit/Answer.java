package io.orchestrate.bench.submit;

/**
 * One HTTP answer to a submission. The body is kept only for answers other than 201, whose error
 * code names the kind of failure; a committed submission's body is not needed and not copied.
 */
public record Answer(int status, byte[] errorBody) {
  public static final int COMMITTED = 201;

  public boolean committed() {
    return status == COMMITTED;
  }
}
