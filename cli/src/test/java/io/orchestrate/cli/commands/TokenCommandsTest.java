package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.cli.CliRun;
import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.NewTokenView;
import io.orchestrate.core.api.TokenList;
import io.orchestrate.core.api.TokenView;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.model.TokenRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code acl bootstrap} and {@code token create|list|revoke} against a fake leader: what they send and print. */
class TokenCommandsTest {
  private static final String SECRET = "q0F9x2mVhN7cR4tY8uI1oP5aS3dF6gH0jK2lZ9xC7vB";
  private static final String OPERATOR = "operator-secret-from-the-environment";

  private final ManualTime time = new ManualTime();
  private final FakeManager leader = FakeManager.start("m1");

  @AfterEach
  void stop() {
    leader.close();
  }

  private CliRun run(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--managers";
    all[args.length + 1] = leader.address();
    return CliRun.run(env, time, all);
  }

  @Test
  void bootstrapPrintsTheSecretOnceWithTheExportLine() {
    leader.answer("POST", "/v1/acl/bootstrap", 201, new NewTokenView("a-0011", SECRET, TokenRole.OPERATOR, "bootstrap"));

    CliRun r = run(Map.of(), "acl", "bootstrap");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(leader.requests().get(0).header("Authorization")).as("no token needed before the bootstrap").isNull();
    assertThat(r.out().lines().toList()).containsExactly(
        "accessor  a-0011",
        "role      operator",
        "name      bootstrap",
        "secret    " + SECRET,
        "The secret is shown this once and cannot be shown again: the managers keep only its hash.",
        "export ORCHESTRATE_TOKEN=" + SECRET);
  }

  @Test
  void aSecondBootstrapIsExitOneWithTheServersMessage() {
    leader.answer("POST", "/v1/acl/bootstrap", 409, new ErrorBody("ACLs are already bootstrapped on this cluster", ErrorCode.CONFLICT));

    CliRun r = run(Map.of(), "acl", "bootstrap");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("ACLs are already bootstrapped on this cluster").contains("HTTP 409");
  }

  @Test
  void createSendsRoleNameAndTheEnvironmentsToken() throws Exception {
    leader.answer("POST", "/v1/acl/tokens", 201, new NewTokenView("a-0022", SECRET, TokenRole.SUBMIT, "ci"));

    CliRun r = run(Map.of("ORCHESTRATE_TOKEN", OPERATOR), "token", "create", "--role", "submit", "--name", "ci");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    FakeManager.Request sent = leader.requests().get(0);
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + OPERATOR);
    assertThat(Json.lenient().readTree(sent.bodyText())).isEqualTo(Json.lenient().readTree("{\"role\":\"submit\",\"name\":\"ci\"}"));
    assertThat(r.out()).contains("secret    " + SECRET).contains("export ORCHESTRATE_TOKEN=" + SECRET);
  }

  @Test
  void theTokenFlagWinsOverTheEnvironment() {
    leader.answer("GET", "/v1/acl/tokens", 200, new TokenList(List.of()));

    CliRun r = run(Map.of("ORCHESTRATE_TOKEN", OPERATOR), "token", "list", "--token", "from-the-flag");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(leader.requests().get(0).header("Authorization")).isEqualTo("Bearer from-the-flag");
  }

  @Test
  void listShowsAccessorsRolesAndNamesAndJsonIsTheApisAnswer() throws Exception {
    long at = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    TokenList list = new TokenList(List.of(new TokenView("a-0011", "bootstrap", TokenRole.OPERATOR, at),
        new TokenView("a-0022", "dashboards", TokenRole.READ, at)));
    leader.answer("GET", "/v1/acl/tokens", 200, list);

    CliRun table = run(Map.of("ORCHESTRATE_TOKEN", OPERATOR), "token", "list");
    CliRun json = run(Map.of("ORCHESTRATE_TOKEN", OPERATOR), "token", "list", "-o", "json");

    assertThat(table.out().lines().toList()).hasSize(3);
    assertThat(table.out()).contains("ACCESSOR").contains("a-0022").contains("read").contains("dashboards").contains("2024-01-01T00:00:00Z");
    assertThat(Json.lenient().readValue(json.out(), TokenList.class)).isEqualTo(list);
  }

  @Test
  void revokeNamesTheAccessorInThePath() {
    leader.answer("DELETE", "/v1/acl/tokens/a-0022", 200, Map.of("revoked", "a-0022"));

    CliRun r = run(Map.of("ORCHESTRATE_TOKEN", OPERATOR), "token", "revoke", "a-0022");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(leader.requests().get(0).method()).isEqualTo("DELETE");
    assertThat(r.out()).isEqualToIgnoringNewLines("revoked token a-0022");
  }

  @Test
  void aWrongRoleIsExitOneNamingTheRoleNeeded() {
    leader.answer("POST", "/v1/acl/tokens", 403,
        new ErrorBody("POST /v1/acl/tokens needs role operator; the token has role read", ErrorCode.FORBIDDEN));

    CliRun r = run(Map.of("ORCHESTRATE_TOKEN", OPERATOR), "token", "create", "--role", "read");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("needs role operator; the token has role read").contains("forbidden").contains("HTTP 403");
  }

  @Test
  void aTokenThatCannotBeAHeaderIsAUsageErrorThatDoesNotQuoteIt() {
    CliRun r = run(Map.of(), "status", "--token", "has space");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--token: the API token must be printable ASCII without spaces").doesNotContain("has space");
    assertThat(leader.requests()).isEmpty();
  }

  @Test
  void createWithoutARoleIsAUsageError() {
    CliRun r = run(Map.of(), "token", "create");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--role");
  }
}
