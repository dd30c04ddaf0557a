package io.orchestrate.manager.state;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.BootstrapAcl;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.CreateToken;
import io.orchestrate.core.command.RevokeToken;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.TokenRole;

/**
 * Apply rules for API tokens. What is stored is what the command carries: the secret's hash, never
 * a secret (the leader returned the secret to its caller and kept nothing). Refusals are replicated
 * outcomes, the same on every replica.
 */
final class AclApplier {
  private AclApplier() {}

  static CommandResult bootstrap(Delta d, BootstrapAcl c) {
    if (d.image().acl().bootstrapped()) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(),
          "ACLs are already bootstrapped on this cluster; an operator token creates more tokens (orchestrate token create)");
    }
    CommandResult clash = clash(d, c.token());
    if (clash != null) return clash;
    d.markAclBootstrapped(c.token().createdAtMillis());
    d.putToken(c.token());
    return new CommandResult.Done();
  }

  static CommandResult create(Delta d, CreateToken c) {
    CommandResult clash = clash(d, c.token());
    if (clash != null) return clash;
    d.putToken(c.token());
    return new CommandResult.Done();
  }

  static CommandResult revoke(Delta d, RevokeToken c) {
    AclState acl = d.image().acl();
    ApiToken t = acl.tokens().get(c.accessor());
    if (t == null) return new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "token '" + c.accessor() + "' does not exist");
    if (t.role() == TokenRole.OPERATOR && acl.operators() == 1) {
      // With no operator token left nobody could create one again: bootstrap applies only once.
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(),
          "token '" + c.accessor() + "' is the last operator token; create another operator token before revoking it");
    }
    d.deleteToken(c.accessor());
    return new CommandResult.Done();
  }

  /** A new token may not reuse an accessor or a secret hash: either would make a lookup ambiguous. */
  private static CommandResult clash(Delta d, ApiToken t) {
    AclState acl = d.image().acl();
    if (acl.tokens().containsKey(t.accessor()) || acl.bySecretHash().containsKey(t.secretSha256())) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "token '" + t.accessor() + "' or its secret is already in use");
    }
    return null;
  }
}
