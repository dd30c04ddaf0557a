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

/**
 * The API token: sent on every exchange, redirects included, kept out of strings; a 403 is not
 * retried elsewhere, and a 401 is believed once most managers gave it in one round.
 */
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
  void aTokenOneManagerDoesNotKnowYetIsServedByAnotherThatDoes() {
    // m3 just restarted and has not applied the entry that made the token: 401; the leader knows it.
    FakeManager lagging = FakeManager.start("m3");
    try {
      lagging.answer("GET", "/v1/jobs", 401, new ErrorBody("the API token is not valid on this cluster (unknown or revoked)", ErrorCode.UNAUTHENTICATED));
      leader.answer("GET", "/v1/jobs", 200, new JobList(List.of()));

      ManagersClient c = client(SECRET, lagging.address(), leader.address());
      assertThat(c.jobs().response().status()).isEqualTo(200);
      assertThat(lagging.requests()).hasSize(1);
      assertThat(leader.requests()).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + SECRET));
    } finally {
      lagging.close();
    }
  }

  @Test
  void aTokenEveryManagerRefusesIsThrownAfterOneRoundWithoutWaiting() {
    FakeManager other = FakeManager.start("m3");
    try {
      ErrorBody refused = new ErrorBody("the API token is not valid on this cluster (unknown or revoked)", ErrorCode.UNAUTHENTICATED);
      leader.answer("GET", "/v1/jobs", 401, refused);
      other.answer("GET", "/v1/jobs", 401, refused);
      long before = time.nanoTime();

      assertThatThrownBy(() -> client(SECRET, leader.address(), other.address()).jobs())
          .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("not valid on this cluster");
          });
      assertThat(leader.requests()).as("each manager asked once").hasSize(1);
      assertThat(other.requests()).hasSize(1);
      assertThat(time.nanoTime()).as("no backoff before the verdict").isEqualTo(before);
    } finally {
      other.close();
    }
  }

  @Test
  void aSingle401WhileTheOtherManagersAreUnreachableIsAskedAgainUntilTheDeadlineThenThrown() {
    FakeManager lagging = FakeManager.start("m3");
    try {
      lagging.answer("GET", "/v1/jobs", 401, new ErrorBody("the API token is not valid on this cluster (unknown or revoked)", ErrorCode.UNAUTHENTICATED));
      ManagersClient c = new ManagersClient(List.of(lagging.address(), FakeManager.closedAddress(), FakeManager.closedAddress()),
          ClientSettings.defaults().withToken(SECRET).withTimeout(java.time.Duration.ofSeconds(5)), time);

      assertThatThrownBy(c::jobs).isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
      assertThat(lagging.requests()).as("one of three is no majority: asked again, round after round").hasSizeGreaterThan(1);
    } finally {
      lagging.close();
    }
  }

  @Test
  void a401KeptFromAnEarlierRoundDoesNotVouchForAWriteAnotherManagerMayHaveTaken() {
    FakeManager lagging = FakeManager.start("m3");
    FakeManager busy = FakeManager.start("m4").noQuorum(60);
    try {
      lagging.answer("POST", "/v1/jobs", 401, new ErrorBody("the API token is not valid on this cluster (unknown or revoked)", ErrorCode.UNAUTHENTICATED));
      // The 401 comes first, then a 503 to the write (it may have been proposed); the wait it asks for runs into the deadline.
      ManagersClient c = new ManagersClient(List.of(lagging.address(), busy.address(), FakeManager.closedAddress()),
          ClientSettings.defaults().withToken(SECRET).withTimeout(java.time.Duration.ofSeconds(5))
              .withMaxRetryWait(java.time.Duration.ofSeconds(60)), time);

      assertThatThrownBy(() -> c.send(new ApiRequest("POST", "/v1/jobs", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          java.util.Map.of("Content-Type", "application/json"))))
          .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.earlierAttemptMayHaveTakenEffect()).as("the 503 to the write came after the 401").isTrue();
          });
      assertThat(lagging.requests()).as("the 401 of the first round is the one reported").hasSize(1);
    } finally {
      lagging.close();
      busy.close();
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
