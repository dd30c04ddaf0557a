package io.orchestrate.chaos.unsafe;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.JobView;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.service.SubmitCommit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The broken build's submit step: it must still propose, and must answer without waiting for the commit. */
class AckBeforeCommitTest {
  private static final SubmitJob COMMAND = new SubmitJob("j-0123456789abcdef", "key-1",
      new JobSpec("web", List.of(new TaskSpec("api", "local/busybox:1", List.of("sleep", "60"), Map.of(), 2,
          Resources.of(0.5, 64, 10), null, null))),
      List.of("t-1", "t-2"), 1_700_000_000_000L);

  private final List<SubmitJob> proposed = new ArrayList<>();

  @Test
  void answersWhileTheCommandIsStillUncommitted_andStillProposesIt() {
    CompletableFuture<JobView> commit = new CompletableFuture<>(); // never committed
    SubmitCommit step = new AckBeforeCommit(c -> {
      proposed.add(c);
      return commit;
    });

    CompletableFuture<JobView> answer = step.submit(COMMAND);

    assertThat(proposed).as("the command still goes to the manager's own step").containsExactly(COMMAND);
    assertThat(answer).as("answered before the commit").isCompleted();
    JobView v = answer.join();
    assertThat(v.id()).isEqualTo("j-0123456789abcdef");
    assertThat(v.name()).isEqualTo("web");
    assertThat(v.status()).isEqualTo("PENDING");
    assertThat(v.spec()).isEqualTo(COMMAND.spec());
    assertThat(v.tasks()).isEmpty();
    assertThat(commit).as("nothing completed the real step").isNotDone();
  }

  @Test
  void aCommitThatFailsDoesNotChangeTheAnswer() {
    SubmitCommit step = new AckBeforeCommit(c -> CompletableFuture.failedFuture(new IllegalStateException("no quorum")));

    CompletableFuture<JobView> answer = step.submit(COMMAND);

    assertThat(answer).isCompletedWithValueMatching(v -> v.id().equals(COMMAND.jobId()), "the acknowledged job");
  }

  @Test
  void theHooksWrapTheManagersStepWithThisDecorator() {
    SubmitCommit own = c -> {
      proposed.add(c);
      return new CompletableFuture<>();
    };

    SubmitCommit wrapped = AckBeforeCommit.hooks().submitCommit().apply(own);

    assertThat(wrapped).isInstanceOf(AckBeforeCommit.class);
    assertThat(wrapped.submit(COMMAND)).isCompleted();
    assertThat(proposed).containsExactly(COMMAND);
  }
}
