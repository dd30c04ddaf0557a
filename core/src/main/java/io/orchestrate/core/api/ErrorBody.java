package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer. {@code leader} and {@code leaderApi} are set on a redirect so
 * that a client that does not follow {@code Location} can still find the leader.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String code, String leader, String leaderApi) {
  public ErrorBody(String error, ErrorCode code) {
    this(error, code.wire(), null, null);
  }
}
