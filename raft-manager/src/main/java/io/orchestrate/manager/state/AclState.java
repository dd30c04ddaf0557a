package io.orchestrate.manager.state;

import io.orchestrate.core.model.ApiToken;

/**
 * The tokens part of a {@link StateImage}: every live token by accessor, the same tokens by the
 * hash of their secret (what a request's check looks up, so that it costs one hash and one map
 * lookup), and whether the cluster was ever bootstrapped. {@code bootstrapped} stays true after the
 * bootstrap token is revoked: a bootstrap is refused for good once one has applied.
 */
public record AclState(boolean bootstrapped, PersistentMap<String, ApiToken> tokens, PersistentMap<String, ApiToken> bySecretHash) {
  public static final AclState EMPTY = new AclState(false, PersistentMap.empty(), PersistentMap.empty());

  public AclState withBootstrapped() {
    return new AclState(true, tokens, bySecretHash);
  }

  public AclState withToken(ApiToken t) {
    ApiToken old = tokens.get(t.accessor());
    PersistentMap<String, ApiToken> byHash = old == null ? bySecretHash : bySecretHash.minus(old.secretSha256());
    return new AclState(bootstrapped, tokens.plus(t.accessor(), t), byHash.plus(t.secretSha256(), t));
  }

  public AclState withoutToken(String accessor) {
    ApiToken old = tokens.get(accessor);
    if (old == null) return this;
    return new AclState(bootstrapped, tokens.minus(accessor), bySecretHash.minus(old.secretSha256()));
  }

  /** How many live tokens have role operator. */
  public int operators() {
    int n = 0;
    for (ApiToken t : tokens.values()) if (t.role() == io.orchestrate.core.model.TokenRole.OPERATOR) n++;
    return n;
  }
}
