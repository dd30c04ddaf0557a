package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.command.BootstrapAcl;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.CreateToken;
import io.orchestrate.core.command.RevokeToken;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.TokenRole;
import io.orchestrate.manager.acl.TokenSecrets;
import io.orchestrate.manager.store.Cf;
import io.orchestrate.manager.store.ManagerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens at apply: one bootstrap per cluster, create and revoke, and only the secret's hash anywhere. */
class AclApplierTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Token entries need feature level 2; at the baseline apply refuses them (see FeatureApplierTest). */
  private static final StateImage LEVEL_2 = StateImage.EMPTY.withFeatures(new FeatureState(2, T0));

  @TempDir Path dir;

  private record Issued(String secret, ApiToken token) {}

  private static Issued issue(TokenRole role, String name) {
    String secret = TokenSecrets.newSecret(RANDOM);
    return new Issued(secret, new ApiToken(TokenSecrets.newAccessor(RANDOM), TokenSecrets.sha256Hex(secret), role, name, T0));
  }

  /** Applies commands in order from {@code base}, committing each to {@code store} when given. */
  private static List<Applier.Applied> applyAll(StateImage base, ManagerStore store, Command... commands) {
    List<Applier.Applied> out = new ArrayList<>();
    StateImage img = base;
    long index = base.index();
    for (Command c : commands) {
      Applier.Applied a = Applier.apply(img, c, ++index);
      if (store != null) store.commit(a.mutations(), 1, index);
      out.add(a);
      img = a.image();
    }
    return out;
  }

  @Test
  void aBootstrapAppliesOnceAndASecondIsARefusalNamingTheWayOn() {
    Issued first = issue(TokenRole.OPERATOR, ApiToken.BOOTSTRAP_NAME);
    Issued second = issue(TokenRole.OPERATOR, ApiToken.BOOTSTRAP_NAME);

    List<Applier.Applied> a = applyAll(LEVEL_2, null, new BootstrapAcl(first.token()), new BootstrapAcl(second.token()));

    assertThat(a.get(0).result()).isEqualTo(new CommandResult.Done());
    assertThat(a.get(0).image().acl().bootstrapped()).isTrue();
    assertThat(a.get(1).result()).isInstanceOfSatisfying(CommandResult.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo(ErrorCode.CONFLICT.wire());
      assertThat(r.message()).contains("already bootstrapped").contains("token create");
    });
    assertThat(a.get(1).mutations().isEmpty()).as("a refusal writes nothing").isTrue();
    assertThat(a.get(1).image().acl().tokens()).containsOnlyKeys(first.token().accessor());
  }

  @Test
  void aBootstrapIsRefusedForGoodEvenAfterItsTokenIsRevoked() {
    Issued boot = issue(TokenRole.OPERATOR, "bootstrap");
    Issued other = issue(TokenRole.OPERATOR, "ops");
    Issued again = issue(TokenRole.OPERATOR, "bootstrap");

    List<Applier.Applied> a = applyAll(LEVEL_2, null, new BootstrapAcl(boot.token()), new CreateToken(other.token()),
        new RevokeToken(boot.token().accessor(), T0 + 1), new BootstrapAcl(again.token()));

    assertThat(a.get(2).result()).isEqualTo(new CommandResult.Done());
    assertThat(a.get(3).result()).isInstanceOf(CommandResult.Rejected.class);
    assertThat(a.get(3).image().acl().tokens()).containsOnlyKeys(other.token().accessor());
  }

  @Test
  void createIndexesByHashAndRevokeRemovesBoth() {
    Issued boot = issue(TokenRole.OPERATOR, "bootstrap");
    Issued reader = issue(TokenRole.READ, "dashboards");

    List<Applier.Applied> a = applyAll(LEVEL_2, null, new BootstrapAcl(boot.token()), new CreateToken(reader.token()),
        new RevokeToken(reader.token().accessor(), T0 + 5));

    AclState afterCreate = a.get(1).image().acl();
    assertThat(afterCreate.bySecretHash().get(TokenSecrets.sha256Hex(reader.secret()))).isEqualTo(reader.token());
    AclState afterRevoke = a.get(2).image().acl();
    assertThat(afterRevoke.tokens()).containsOnlyKeys(boot.token().accessor());
    assertThat(afterRevoke.bySecretHash()).doesNotContainKey(reader.token().secretSha256());
  }

  @Test
  void revokingAnUnknownTokenOrTheLastOperatorIsRefused() {
    Issued boot = issue(TokenRole.OPERATOR, "bootstrap");
    Issued submitter = issue(TokenRole.SUBMIT, "ci");

    List<Applier.Applied> a = applyAll(LEVEL_2, null, new BootstrapAcl(boot.token()), new CreateToken(submitter.token()),
        new RevokeToken("a-missing", T0), new RevokeToken(boot.token().accessor(), T0));

    assertThat(a.get(2).result()).isEqualTo(new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "token 'a-missing' does not exist"));
    assertThat(a.get(3).result()).isInstanceOfSatisfying(CommandResult.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo(ErrorCode.CONFLICT.wire());
      assertThat(r.message()).contains("last operator token");
    });
    assertThat(a.get(3).image().acl().tokens()).hasSize(2);
  }

  @Test
  void aReusedAccessorOrSecretIsRefused() {
    Issued boot = issue(TokenRole.OPERATOR, "bootstrap");
    ApiToken sameAccessor = new ApiToken(boot.token().accessor(), TokenSecrets.sha256Hex("other"), TokenRole.READ, "", T0);
    ApiToken sameSecret = new ApiToken("a-fresh", boot.token().secretSha256(), TokenRole.READ, "", T0);

    List<Applier.Applied> a = applyAll(LEVEL_2, null, new BootstrapAcl(boot.token()), new CreateToken(sameAccessor),
        new CreateToken(sameSecret));

    assertThat(a.get(1).result()).isInstanceOf(CommandResult.Rejected.class);
    assertThat(a.get(2).result()).isInstanceOf(CommandResult.Rejected.class);
    assertThat(a.get(2).image().acl().tokens().get(boot.token().accessor())).isEqualTo(boot.token());
  }

  @Test
  void theSecretIsNowhereInTheLogEntryOrTheStoreAndTheStoreReloadsTheTokens() throws Exception {
    Issued boot = issue(TokenRole.OPERATOR, "bootstrap");
    Issued submitter = issue(TokenRole.SUBMIT, "ci");
    Command[] commands = {new BootstrapAcl(boot.token()), new CreateToken(submitter.token())};

    for (Command c : commands) {
      String entry = new String(CommandCodec.encode(c), StandardCharsets.ISO_8859_1);
      assertThat(entry).doesNotContain(boot.secret()).doesNotContain(submitter.secret());
    }
    try (ManagerStore store = ManagerStore.open(dir.resolve("db"))) {
      List<Applier.Applied> a = applyAll(LEVEL_2, store, commands);
      StringBuilder everything = new StringBuilder();
      for (Cf cf : Cf.values()) {
        store.forEach(cf, (k, v) -> everything.append(k).append('=').append(new String(v, StandardCharsets.ISO_8859_1)).append('\n'));
      }
      assertThat(everything.toString()).contains(submitter.token().secretSha256())
          .doesNotContain(boot.secret()).doesNotContain(submitter.secret());

      StateImage reloaded = StateImage.load(store);
      assertThat(reloaded.acl()).isEqualTo(a.get(1).image().acl());
      assertThat(reloaded.acl().bootstrapped()).isTrue();
    }
  }

  @Test
  void anEmptyAclFamilyLeavesTheDigestAsAnEarlierReleaseComputesIt() throws Exception {
    try (ManagerStore withTokens = ManagerStore.open(dir.resolve("a")); ManagerStore without = ManagerStore.open(dir.resolve("b"))) {
      String before = without.digest().sha256();
      applyAll(LEVEL_2, withTokens, new BootstrapAcl(issue(TokenRole.OPERATOR, "bootstrap").token()));
      assertThat(withTokens.digest().sha256()).as("tokens are covered by the digest").isNotEqualTo(before);
      // The digest of an empty store, as a store without the acl family computes it: SHA-256 over the
      // names of the five families an earlier release digests, each empty.
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (String name : List.of("jobs", "tasks", "nodes", "managers", "idempotency")) md.update(name.getBytes(StandardCharsets.UTF_8));
      assertThat(before).isEqualTo(java.util.HexFormat.of().formatHex(md.digest()));
    }
  }
}
