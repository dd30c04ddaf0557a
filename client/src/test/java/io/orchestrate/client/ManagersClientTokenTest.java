package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.NewTokenView;
import io.orchestrate.core.model.TokenRole;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API token: sent on every exchange, redirects included, kept out of strings, and a 401 is not retried elsewhere. */
class ManagersClientTokenTest {
  private static final String SECRET = "Zk9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkwYWJj";

  private final ManualTime time = new ManualTime();
  private final FakeManager leader = FakeManager.start("m1");
  private final FakeManager follower = FakeManager.start("m2").followerOf(leader);

  @AfterEach
  void stop() {
    leader.close();
    follower.close();
  }

  private ManagersClient client(String token, String... addresses) {
    return new ManagersClient(List.of(addresses), ClientSettings.defaults().withToken(token), time);
  }

  @Test
  void theTokenGoesToTheFollowerAndAgainToTheLeaderItRedirectsTo() {
    leader.answer("GET", "/v1/jobs", 200, new JobList(List.of()));

    client(SECRET, follower.address()).jobs();

    assertThat(follower.requests()).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + SECRET));
    assertThat(leader.requests()).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + SECRET));
  }

  @Test
  void withoutATokenNoAuthorizationIsSent() {
    leader.answer("GET", "/v1/jobs", 200, new JobList(List.of()));

    client(null, leader.address()).jobs();

    assertThat(leader.requests().get(0).header("Authorization")).isNull();
  }

  @Test
  void aRefusedTokenIsThrownAtOnceWithTheServersMessage() {
    leader.answer("GET", "/v1/jobs", 403, new ErrorBody("GET /v1/jobs needs role read; the token has role none", ErrorCode.FORBIDDEN));
    FakeManager other = FakeManager.start("m3");
    try {
      assertThatThrownBy(() -> client(SECRET, leader.address(), other.address()).jobs())
          .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("needs role read");
          });
      assertThat(other.requests()).as("no other manager is asked").isEmpty();
    } finally {
      other.close();
    }
  }

  @Test
  void tokenCreationSendsRoleAndNameAndReadsTheSecretOnce() {
    leader.answer("POST", "/v1/acl/tokens", 201, new NewTokenView("a-1", SECRET, TokenRole.SUBMIT, "ci"));

    NewTokenView v = client(SECRET, leader.address()).createToken("submit", "ci").value();

    assertThat(v.secret()).isEqualTo(SECRET);
    assertThat(leader.requests().get(0).bodyText()).isEqualTo("{\"name\":\"ci\",\"role\":\"submit\"}");
    assertThat(v.toString()).doesNotContain(SECRET);
  }

  @Test
  void settingsNeverPrintTheTokenAndRefuseOneThatCannotBeAHeader() {
    assertThat(ClientSettings.defaults().withToken(SECRET).toString()).doesNotContain(SECRET).contains("<redacted>");
    assertThatThrownBy(() -> ClientSettings.defaults().withToken("two words")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the API token must be printable ASCII without spaces");
  }
}
