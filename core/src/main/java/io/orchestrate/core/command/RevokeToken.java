package io.orchestrate.core.command;

/**
 * Removes one API token: from the entry's index on, no manager accepts it. Refused at apply when the
 * accessor is unknown, or when it is the last operator token (nobody could manage tokens after).
 */
public record RevokeToken(String accessor, long atMillis) implements Command {
  @Override
  public CommandType type() {
    return CommandType.REVOKE_TOKEN;
  }
}
