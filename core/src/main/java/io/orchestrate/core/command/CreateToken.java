package io.orchestrate.core.command;

import io.orchestrate.core.model.ApiToken;

/** Adds one API token. The leader chose the accessor, the secret (whose hash only is here) and the time. */
public record CreateToken(ApiToken token) implements Command {
  @Override
  public CommandType type() {
    return CommandType.CREATE_TOKEN;
  }
}
