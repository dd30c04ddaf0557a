package io.orchestrate.core.command;

import io.orchestrate.core.model.ApiToken;

/**
 * Creates the cluster's first token, with role operator. Applies once per cluster: once any
 * bootstrap has applied, a later one is refused at apply (a replicated outcome), even if that first
 * token was revoked since.
 */
public record BootstrapAcl(ApiToken token) implements Command {
  @Override
  public CommandType type() {
    return CommandType.BOOTSTRAP_ACL;
  }
}
