package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.JobView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagersClientTest {
  private static final byte[] JOB = "name: web\ntasks:\n  - name: api\n    image: busybox\n".getBytes(StandardCharsets.UTF_8);
  private static final JobView CREATED = new JobView("j-1", "web", "pending", "2024-01-01T00:00:00Z", null, null, List.of());

  private final ManualTime time = new ManualTime();
  private final List<FakeManager> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(FakeManager::close);
  }

  private FakeManager manager(String id) {
    FakeManager m = FakeManager.start(id);
    started.add(m);
    return m;
  }

  private ManagersClient client(ClientSettings settings, String... addresses) {
    return new ManagersClient(List.of(addresses), settings, time);
  }

  private ManagersClient client(String... addresses) {
    return client(ClientSettings.defaults(), addresses);
  }

  @Test
  void findsTheLeaderWhenTheFirstListedManagerIsDown() {
    FakeManager leader = manager("m2").answer("GET", "/v1/jobs", 200, new JobList(List.of(CREATED)));

    Reply<JobList> jobs = client(FakeManager.closedAddress(), leader.address()).jobs();

    assertThat(jobs.value().jobs()).extracting(JobView::id).containsExactly("j-1");
    assertThat(leader.requests()).hasSize(1);
    assertThat(time.sleeps()).as("a refused connection moves on without waiting").isEmpty();
  }

  @Test
  void followsARedirectToTheLeaderWithTheSameMethodBodyAndHeaders() {
    FakeManager leader = manager("m1").answer("POST", "/v1/jobs", 201, CREATED);
    FakeManager follower = manager("m2").followerOf(leader);

    JobView job = client(follower.address()).submitJob(JOB, "key-1").value();

    assertThat(job.id()).isEqualTo("j-1");
    assertThat(follower.requests()).hasSize(1);
    FakeManager.Request atLeader = leader.requests().get(0);
    assertThat(atLeader.method()).isEqualTo("POST");
    assertThat(atLeader.path()).isEqualTo("/v1/jobs");
    assertThat(atLeader.body()).isEqualTo(JOB);
    assertThat(atLeader.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(atLeader.header("Idempotency-Key")).isEqualTo("key-1");
  }

  @Test
  void usesTheLeaderFromTheBodyWhenARedirectHasNoLocation() {
    FakeManager leader = manager("m1").answer("DELETE", "/v1/jobs/j-1", 200, CREATED);
    FakeManager follower = manager("m2");
    follower.answerNext(307, Map.of(), new ErrorBody("not the leader", "not_leader", "m1", leader.address()));

    client(follower.address()).stopJob("j-1");

    assertThat(leader.requests()).extracting(FakeManager.Request::method).containsExactly("DELETE");
  }

  @Test
  void remembersTheManagerThatAnsweredAndGoesThereFirstNextTime() {
    FakeManager leader = manager("m1").answer("GET", "/v1/jobs", 200, new JobList(List.of()));
    FakeManager follower = manager("m2").followerOf(leader);
    ManagersClient client = client(follower.address(), leader.address());

    client.jobs();
    client.jobs();

    assertThat(follower.requests()).as("only the first call was redirected").hasSize(1);
    assertThat(leader.requests()).hasSize(2);
  }

  @Test
  void retriesAfterNoQuorumWithTheSameIdempotencyKey() {
    FakeManager leader = manager("m1").answer("POST", "/v1/jobs", 201, CREATED);
    leader.answerNext(503, Map.of("Retry-After", "1"), new ErrorBody("no leader", ErrorCode.UNAVAILABLE));

    JobView job = client(leader.address()).submitJob(JOB, "same-key").value();

    assertThat(job.id()).isEqualTo("j-1");
    assertThat(leader.requests()).hasSize(2)
        .extracting(r -> r.header("Idempotency-Key")).containsExactly("same-key", "same-key");
    assertThat(leader.requests().get(1).body()).isEqualTo(JOB);
    assertThat(time.sleeps()).as("waits what Retry-After asked").containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aRestartRetriesWithOneGeneratedIdempotencyKey() {
    io.orchestrate.core.model.Deployment started = new io.orchestrate.core.model.Deployment("j-1-d7", "j-1", 1, 1, "restart",
        io.orchestrate.core.model.DeploymentStatus.RUNNING, 5, 5, 0, List.of(), null, null, 0);
    FakeManager leader = manager("m1").answer("POST", "/v1/jobs/j-1/restart", 200, started);
    leader.answerNext(503, Map.of("Retry-After", "1"), new ErrorBody("no leader", ErrorCode.UNAVAILABLE));

    io.orchestrate.core.model.Deployment d = client(leader.address()).restartJob("j-1", null).value();

    assertThat(d).isEqualTo(started);
    List<String> keys = leader.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
    assertThat(keys).hasSize(2).doesNotContainNull();
    assertThat(keys.get(1)).as("the retry is the same request").isEqualTo(keys.get(0));
  }

  @Test
  void capsRetryAfterSoOneAnswerCannotEatTheDeadline() {
    FakeManager leader = manager("m1").answer("GET", "/v1/jobs", 200, new JobList(List.of()));
    leader.answerNext(503, Map.of("Retry-After", "3600"), new ErrorBody("no leader", ErrorCode.UNAVAILABLE));

    client(leader.address()).jobs();

    assertThat(time.sleeps()).containsExactly(ClientSettings.defaults().maxRetryWait());
  }

  @Test
  void givesUpAtTheDeadlineWhenThereIsNeverAQuorum() {
    FakeManager m1 = manager("m1").noQuorum(1);
    FakeManager m2 = manager("m2").noQuorum(1);

    assertThatThrownBy(() -> client(ClientSettings.defaults().withTimeout(Duration.ofSeconds(5)), m1.address(), m2.address()).jobs())
        .isInstanceOf(ClusterUnavailableException.class)
        .hasMessageContaining(m1.address()).hasMessageContaining(m2.address())
        .hasMessageContaining("no leader: waiting for a quorum")
        .hasMessageContaining("5s");
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(5));
    assertThat(m1.requests()).as("one try per second of the deadline").hasSize(5);
  }

  @Test
  void namesEveryManagerWhenNoneIsReachable() {
    String a = FakeManager.closedAddress();
    String b = FakeManager.closedAddress();

    assertThatThrownBy(() -> client(a, b).jobs())
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
          assertThat(e.problems()).containsOnlyKeys(a, b);
          assertThat(e.problems().get(a)).contains("connection refused");
        })
        .hasMessageContaining("every manager refused the connection")
        .hasMessageContaining(a + " (connection refused)").hasMessageContaining(b + " (connection refused)");
    assertThat(time.sleeps()).as("every manager refusing is a definite answer: one backoff, one more round, then give up")
        .containsExactly(ManagersClient.MIN_BACKOFF);
  }

  @Test
  void oneManagerAnswering503KeepsTheLongRetryWhileTheOthersRefuse() {
    String refusing = FakeManager.closedAddress();
    FakeManager noLeader = manager("m2").noQuorum(1);

    assertThatThrownBy(() -> client(ClientSettings.defaults().withTimeout(Duration.ofSeconds(5)), refusing, noLeader.address()).jobs())
        .isInstanceOf(ClusterUnavailableException.class)
        .hasMessageContaining(refusing + " (connection refused)");
    assertThat(time.slept()).as("a 503 may clear within the deadline, so the client waits it out").isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aLeaderThatRefusesAfterARedirectIsNotAnAllRefusedRound() {
    String downLeader = FakeManager.closedAddress();
    FakeManager follower = manager("m1").route("GET", "/v1/jobs", r -> FakeManager.reply(
        307, Map.of("Location", "http://" + downLeader + "/v1/jobs"), new ErrorBody("not the leader", "not_leader", "m2", downLeader)));

    assertThatThrownBy(() -> client(ClientSettings.defaults().withTimeout(Duration.ofSeconds(3)), follower.address()).jobs())
        .isInstanceOf(ClusterUnavailableException.class);
    assertThat(time.slept()).as("the follower is up, so an election may be under way: retry until the deadline")
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void movesOnFromAManagerThatAcceptsButNeverAnswers() {
    FakeManager hung = manager("m1").hanging();
    FakeManager leader = manager("m2").answer("GET", "/v1/jobs", 200, new JobList(List.of()));
    // 2 s: only the hung manager may use it up; at 200 ms a loaded machine's answer from the other could too, and be tried again.
    ClientSettings settings = ClientSettings.defaults().withAttemptTimeout(Duration.ofSeconds(2));

    client(settings, hung.address(), leader.address()).jobs();

    assertThat(hung.requests()).hasSize(1);
    assertThat(leader.requests()).hasSize(1);
  }

  @Test
  void boundsARedirectLoop() {
    FakeManager a = manager("m1");
    FakeManager b = manager("m2").followerOf(a);
    a.followerOf(b);

    assertThatThrownBy(() -> client(ClientSettings.defaults().withTimeout(Duration.ofMillis(100)), a.address()).jobs())
        .isInstanceOf(ClusterUnavailableException.class)
        .hasMessageContaining("more than " + ManagersClient.MAX_REDIRECT_HOPS + " redirects");
    assertThat(a.requests().size() + b.requests().size()).isEqualTo(ManagersClient.MAX_REDIRECT_HOPS + 1);
  }

  @Test
  void aRejectedRequestIsThrownAtOnceWithTheServersMessage() {
    FakeManager leader = manager("m1")
        .answer("POST", "/v1/jobs", 400, new ErrorBody("tasks[0].image is required", ErrorCode.INVALID_SPEC));
    FakeManager other = manager("m2");

    assertThatThrownBy(() -> client(leader.address(), other.address()).submitJob(JOB, "k"))
        .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
          assertThat(e.manager()).isEqualTo(leader.address());
        })
        .hasMessage("tasks[0].image is required");
    assertThat(leader.requests()).hasSize(1);
    assertThat(other.requests()).as("a rejection is not retried elsewhere").isEmpty();
  }

  @Test
  void aRejectionWithoutAnErrorBodyStillSaysWhatHappened() {
    FakeManager leader = manager("m1").answer("GET", "/v1/jobs/x", 409, "<html>conflict</html>");

    assertThatThrownBy(() -> client(leader.address()).job("x"))
        .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("HTTP 409").hasMessageContaining("conflict");
  }

  @Test
  void encodesIdsAndAddsStaleOnlyToReads() {
    FakeManager leader = manager("m1")
        .answer("GET", "/v1/tasks", 200, "{\"tasks\":[]}")
        .answer("DELETE", "/v1/jobs/a%2Fb", 200, CREATED);
    ManagersClient client = client(ClientSettings.defaults().withStale(true), leader.address());

    client.tasks("j 1&x=y");
    client.stopJob("a/b");

    assertThat(leader.requests().get(0).query()).isEqualTo("job=j%201%26x%3Dy&stale=true");
    assertThat(leader.requests().get(1).path()).isEqualTo("/v1/jobs/a%2Fb");
    assertThat(leader.requests().get(1).query()).isNull();
  }

  @Test
  void sendsJsonJobFilesAsJson() {
    FakeManager leader = manager("m1").answer("POST", "/v1/jobs", 201, CREATED);

    client(leader.address()).submitJob("  {\"name\":\"web\"}".getBytes(StandardCharsets.UTF_8), "k");

    assertThat(leader.requests().get(0).header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void rejectsMalformedAddressesNamingThem() {
    assertThatThrownBy(() -> client("localhost")).hasMessageContaining("'localhost'").hasMessageContaining("host:port");
    assertThatThrownBy(() -> client("h:99999")).hasMessageContaining("'h:99999'");
    assertThatThrownBy(() -> client("https://h:1")).hasMessageContaining("only http");
    assertThat(client("[::1]:8080", "http://h:1", "h:1").managers()).extracting(Object::toString)
        .containsExactly("http://[::1]:8080", "http://h:1");
  }

  @Test
  void aWriteThatNoManagerCouldReceiveCannotHaveTakenEffect() {
    assertThatThrownBy(() -> client(ClientSettings.defaults().withTimeout(Duration.ofSeconds(1)), FakeManager.closedAddress())
        .submitJob(JOB, "key-1"))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.mayHaveTakenEffect()).isFalse());
  }

  @Test
  void aWriteAnswered503MayHaveTakenEffectButAReadCannot() {
    FakeManager m = manager("m1").noQuorum(1);
    ClientSettings settings = ClientSettings.defaults().withTimeout(Duration.ofSeconds(2));

    assertThatThrownBy(() -> client(settings, m.address()).submitJob(JOB, "key-1"))
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.mayHaveTakenEffect()).isTrue());
    assertThatThrownBy(() -> client(settings, m.address()).jobs())
        .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.mayHaveTakenEffect()).isFalse());
  }

  @Test
  void aRefusalAfterAnUnansweredAttemptSaysTheEarlierOneMayHaveTakenEffect() {
    FakeManager hung = manager("m1").hanging();
    FakeManager rejecting = manager("m2").answer("POST", "/v1/jobs", 400, new ErrorBody("bad", "bad_request", null, null));
    // 2 s: only the hung manager may use it up; at 200 ms a loaded machine's answer from the other could too, and be tried again.
    ClientSettings settings = ClientSettings.defaults().withAttemptTimeout(Duration.ofSeconds(2));

    assertThatThrownBy(() -> client(settings, hung.address(), rejecting.address()).submitJob(JOB, "key-1"))
        .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.earlierAttemptMayHaveTakenEffect()).isTrue();
          assertThat(new String(e.body(), StandardCharsets.UTF_8)).contains("bad_request");
        });
    assertThatThrownBy(() -> client(rejecting.address()).submitJob(JOB, "key-2"))
        .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.earlierAttemptMayHaveTakenEffect()).isFalse());
  }
}
