package io.orchestrate.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.TokenRole;
import org.junit.jupiter.api.Test;

/** The form rules of the token commands: what the leader proposes passes, and each refusal names its field. */
class TokenChecksTest {
  static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  static ApiToken token(String accessor, String hash, TokenRole role, String name) {
    return new ApiToken(accessor, hash, role, name, 1_700_000_000_000L);
  }

  @Test
  void whatTheLeaderProposesPasses() {
    assertThat(CommandChecks.problems(new BootstrapAcl(token("a-00112233", HASH, TokenRole.OPERATOR, "bootstrap")))).isEmpty();
    assertThat(CommandChecks.problems(new CreateToken(token("a-00112233", HASH, TokenRole.READ, "")))).isEmpty();
    assertThat(CommandChecks.problems(new CreateToken(token("a-1", HASH, TokenRole.SUBMIT, "x".repeat(128))))).isEmpty();
    assertThat(CommandChecks.problems(new RevokeToken("a-00112233", 5))).isEmpty();
  }

  @Test
  void aBootstrapTokenMustBeAnOperator() {
    assertThat(CommandChecks.problems(new BootstrapAcl(token("a-1", HASH, TokenRole.READ, "b"))))
        .containsExactly("token.role must be operator for a bootstrap token");
  }

  @Test
  void somethingThatIsNotAHashIsRefusedWithoutQuotingIt() {
    String secret = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-x";
    assertThat(CommandChecks.problems(new CreateToken(token("a-1", secret, TokenRole.READ, ""))))
        .singleElement().asString().startsWith("token.secretSha256 must be 64 lower-case hex digits").doesNotContain(secret);
    assertThat(CommandChecks.problems(new CreateToken(token("a-1", HASH.toUpperCase(), TokenRole.READ, "")))).hasSize(1);
    assertThat(CommandChecks.problems(new CreateToken(token("a-1", null, TokenRole.READ, "")))).hasSize(1);
  }

  @Test
  void eachFieldIsNamed() {
    assertThat(CommandChecks.problems(new CreateToken(token("a/../1", HASH, null, "x".repeat(129))))).containsExactly(
        "token.accessor 'a/../1' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'",
        "token.role must be one of read|submit|operator",
        "token.name must be at most 128 characters (got 129)");
    assertThat(CommandChecks.problems(new CreateToken(token("a-1", HASH, TokenRole.READ, "tab\there")))).containsExactly(
        "token.name must not hold control characters");
    assertThat(CommandChecks.problems(new CreateToken(token("a-1", HASH, TokenRole.READ, null)))).containsExactly(
        "token.name is required (it may be empty)");
    assertThat(CommandChecks.problems(new CreateToken(null))).containsExactly("token is required");
    assertThat(CommandChecks.problems(new RevokeToken(null, 1))).containsExactly("accessor is required");
    assertThat(CommandChecks.problems(new RevokeToken("a-1", -1))).containsExactly("atMillis must be >= 0");
  }

  @Test
  void insideABatchTheFieldCarriesItsPlace() {
    assertThat(CommandChecks.problems(new CommandBatch(java.util.List.of(new RevokeToken("a-1", 1), new RevokeToken("", 1)))))
        .containsExactly("commands[1].accessor '' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'");
  }

  @Test
  void rolesIncludeTheOnesBelow() {
    assertThat(TokenRole.OPERATOR.includes(TokenRole.SUBMIT)).isTrue();
    assertThat(TokenRole.SUBMIT.includes(TokenRole.READ)).isTrue();
    assertThat(TokenRole.SUBMIT.includes(TokenRole.OPERATOR)).isFalse();
    assertThat(TokenRole.READ.includes(TokenRole.SUBMIT)).isFalse();
    assertThat(TokenRole.byWire("Submit")).isEqualTo(TokenRole.SUBMIT);
    assertThat(TokenRole.byWire("root")).isNull();
  }
}
