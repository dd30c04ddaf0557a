package io.orchestrate.bench.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.spec.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The closed loop against a transport whose answers the test hands out; no network. */
class SubmitLoadTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final FakeTransport transport = new FakeTransport();

  @Test
  void theBodyIsAValidJobWithAUniqueName() {
    JobSpec a = JobFiles.parse(SubmitLoad.body("abc123", 1));
    JobSpec b = JobFiles.parse(SubmitLoad.body("abc123", 2));
    assertThat(a.name()).isNotEqualTo(b.name());
    assertThat(a.instanceCount()).isEqualTo(1);
  }

  @Test
  void keepsExactlyOneRequestInFlightPerClientWithUniqueKeys() {
    SubmitStats stats = new SubmitStats(0);
    SubmitLoad load = new SubmitLoad(transport, stats, 3, 1_000, now::get, "r1");

    load.start();
    assertThat(transport.open).hasSize(3);
    for (int i = 0; i < 10; i++) transport.answerOldest(201);

    assertThat(transport.open).as("every answer is replaced by the lane's next request").hasSize(3);
    assertThat(transport.lanesInFlight()).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(new HashSet<>(transport.keys)).hasSize(13);
    assertThat(stats.totals().committed()).isEqualTo(10);
  }

  @Test
  void stopsSendingOnceTheMeasuredBudgetIsSpent() throws InterruptedException {
    SubmitStats stats = new SubmitStats(0);
    SubmitLoad load = new SubmitLoad(transport, stats, 2, 5, now::get, "r1");

    load.start();
    for (int i = 0; i < 10 && !transport.open.isEmpty(); i++) transport.answerOldest(201);

    assertThat(transport.keys).hasSize(5);
    assertThat(load.awaitBudget(Duration.ZERO)).isTrue();
    load.stopSending();
    assertThat(load.awaitIdle(Duration.ZERO)).isTrue();
  }

  @Test
  void warmUpRequestsDoNotSpendTheBudget() throws InterruptedException {
    SubmitStats stats = new SubmitStats(10_000);
    SubmitLoad load = new SubmitLoad(transport, stats, 1, 2, now::get, "r1");

    load.start();
    for (int i = 0; i < 4; i++) transport.answerOldest(201);
    assertThat(transport.keys).as("warm-up: one lane kept busy, no budget used").hasSize(5);

    now.set(10_000);
    transport.answerOldest(201); // warm-up request answered in the window; measured request 1 goes out
    transport.answerOldest(201); // measured request 2, the last the budget allows
    assertThat(transport.keys).hasSize(7);
    assertThat(load.awaitBudget(Duration.ZERO)).as("the last measured request is still in flight").isFalse();

    transport.answerOldest(201);
    assertThat(load.awaitBudget(Duration.ZERO)).isTrue();
    assertThat(transport.keys).as("nothing sent past the budget").hasSize(7);
    assertThat(transport.open).isEmpty();
  }

  @Test
  void stopSendingWaitsForTheRequestsInFlight() throws InterruptedException {
    SubmitLoad load = new SubmitLoad(transport, new SubmitStats(0), 2, 1_000, now::get, "r1");
    load.start();

    load.stopSending();
    assertThat(load.awaitIdle(Duration.ZERO)).isFalse();
    transport.answerOldest(201);
    transport.answerOldest(503);
    assertThat(load.awaitIdle(Duration.ZERO)).isTrue();
    assertThat(transport.open).isEmpty();
  }

  /** Holds every request until the test answers it; answers complete on the test thread. */
  private static final class FakeTransport implements SubmitTransport {
    record Sent(int lane, CompletableFuture<Answer> future) {}

    final List<Sent> open = new ArrayList<>();
    final List<String> keys = new ArrayList<>();

    @Override
    public CompletableFuture<Answer> submit(int lane, byte[] jsonBody, String idempotencyKey) {
      CompletableFuture<Answer> f = new CompletableFuture<>();
      open.add(new Sent(lane, f));
      keys.add(idempotencyKey);
      return f;
    }

    void answerOldest(int status) {
      open.remove(0).future().complete(new Answer(status, null));
    }

    Set<Integer> lanesInFlight() {
      Set<Integer> s = new HashSet<>();
      open.forEach(x -> s.add(x.lane()));
      return s;
    }

    @Override
    public boolean ownsThread(String threadName) {
      return false;
    }

    @Override
    public String describe() {
      return "fake";
    }

    @Override
    public void close() {}
  }
}
