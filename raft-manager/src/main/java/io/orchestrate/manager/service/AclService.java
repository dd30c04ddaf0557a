package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.NewTokenView;
import io.orchestrate.core.api.TokenList;
import io.orchestrate.core.api.TokenView;
import io.orchestrate.core.command.BootstrapAcl;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandChecks;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.CreateToken;
import io.orchestrate.core.command.RevokeToken;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.TokenRole;
import io.orchestrate.manager.acl.TokenSecrets;
import io.orchestrate.manager.state.AclState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * API tokens: bootstrap, create, list and revoke, decided on the leader, and the lookup every
 * request's check makes. The leader draws the secret, proposes only its hash and hands the secret
 * to the caller once; no manager keeps it, in memory or on disk.
 *
 * <p>{@link #authenticate} reads this manager's own replicated copy, so followers check tokens
 * without asking the leader; a token revoked (or created) a moment ago is seen there once the
 * entry has applied.
 */
public final class AclService {
  private final boolean enforced;
  private final Leadership leadership;
  private final Proposer proposer;
  private final Reads reads;
  private final Clock clock;
  private final RandomGenerator random;

  /**
   * @param enforced whether requests need a token ({@code --acl}); the token routes work either
   *                 way, so that tokens can be made and handed out before enforcement is turned on
   * @param random   a cryptographically strong source: secrets are drawn from it
   */
  /** Checks a token command against the cluster's feature level, the way this manager answers while that level is being set. */
  private final FeatureService features;

  public AclService(boolean enforced, Leadership leadership, Proposer proposer, Reads reads, Clock clock, RandomGenerator random,
      FeatureService features) {
    this.enforced = enforced;
    this.features = features;
    this.leadership = leadership;
    this.proposer = proposer;
    this.reads = reads;
    this.clock = clock;
    this.random = random;
  }

  public boolean enforced() {
    return enforced;
  }

  /** Whether this manager has applied the bootstrap. */
  public boolean bootstrapped() {
    return reads.local().acl().bootstrapped();
  }

  /** The live token whose secret is {@code secret}, by this manager's copy of the state, or null. */
  public ApiToken authenticate(String secret) {
    return reads.local().acl().bySecretHash().get(TokenSecrets.sha256Hex(secret));
  }

  /** Creates the first operator token; refused (409) once any bootstrap has applied. */
  public CompletableFuture<NewTokenView> bootstrap() {
    leadership.requireLeader();
    if (bootstrapped()) {
      throw new ApiException(ErrorCode.CONFLICT,
          "ACLs are already bootstrapped on this cluster; an operator token creates more tokens (orchestrate token create)");
    }
    return issue(TokenRole.OPERATOR, ApiToken.BOOTSTRAP_NAME, BootstrapAcl::new);
  }

  /**
   * Creates a token. {@code role} is required; {@code name} may be null (empty).
   *
   * @throws ApiException 400 naming the field
   */
  public CompletableFuture<NewTokenView> create(String role, String name) {
    TokenRole r = TokenRole.byWire(role);
    if (r == null) {
      throw new ApiException(ErrorCode.BAD_REQUEST,
          role == null ? "role is required: one of " + TokenRole.CHOICES : "role must be one of " + TokenRole.CHOICES + " (got '" + role + "')");
    }
    String n = name == null ? "" : name;
    List<String> problems = new ArrayList<>();
    CommandChecks.tokenName(problems, "name", n);
    if (!problems.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, String.join("; ", problems));
    leadership.requireLeader();
    return issue(r, n, CreateToken::new);
  }

  private CompletableFuture<NewTokenView> issue(TokenRole role, String name, java.util.function.Function<ApiToken, Command> command) {
    String secret = TokenSecrets.newSecret(random);
    ApiToken token = new ApiToken(TokenSecrets.newAccessor(random), TokenSecrets.sha256Hex(secret), role, name, clock.millis());
    Command c = command.apply(token);
    List<String> problems = CommandChecks.problems(c);
    if (!problems.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, String.join("; ", problems));
    features.requireHere(c, reads.local());
    return proposer.propose(c).thenApply(r -> {
      if (r instanceof CommandResult.Rejected rej) throw new ApiException(ErrorCode.byWire(rej.code()), rej.message());
      return new NewTokenView(token.accessor(), secret, role, name);
    });
  }

  /** Every live token without its secret or hash, ordered by accessor. */
  public CompletableFuture<TokenList> list(boolean stale) {
    return reads.read(stale).thenApply(img -> view(img.acl()));
  }

  static TokenList view(AclState acl) {
    List<TokenView> out = new ArrayList<>(acl.tokens().size());
    for (ApiToken t : acl.tokens().values()) out.add(new TokenView(t.accessor(), t.name(), t.role(), t.createdAtMillis()));
    out.sort(Comparator.comparing(TokenView::accessor));
    return new TokenList(out);
  }

  /** Revokes a token: 404 when unknown, 409 for the last operator token. */
  public CompletableFuture<Void> revoke(String accessor) {
    leadership.requireLeader();
    RevokeToken c = new RevokeToken(accessor, clock.millis());
    List<String> problems = CommandChecks.problems(c);
    if (!problems.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, String.join("; ", problems));
    features.requireHere(c, reads.local());
    if (!reads.local().acl().tokens().containsKey(accessor)) throw new ApiException(ErrorCode.NOT_FOUND, "token '" + accessor + "' does not exist");
    return proposer.propose(c).thenApply(r -> {
      if (r instanceof CommandResult.Rejected rej) throw new ApiException(ErrorCode.byWire(rej.code()), rej.message());
      return null;
    });
  }
}
