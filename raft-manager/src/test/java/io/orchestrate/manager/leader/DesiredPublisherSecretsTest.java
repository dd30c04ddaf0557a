package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredFrames;
import io.orchestrate.gateway.protocol.GatewayCodec;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task's secret values go in the desired set of the node it is placed on, and in no other node's. */
class DesiredPublisherSecretsTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String VALUE = "s3cr3t-hunter2";

  /** Secrets need cluster feature level 2: a new cluster's. */
  private StateImage state = StateImage.EMPTY.withFeatures(new io.orchestrate.manager.state.FeatureState(2, T0));
  private long index;

  private void apply(Command c) {
    state = Applier.apply(state, c, ++index).image();
  }

  private static String frames(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    for (Object o; (o = ch.readOutbound()) != null; ) sb.append(new String(GatewayCodec.encode((Desired) o), StandardCharsets.UTF_8));
    return sb.toString();
  }

  @Test
  void onlyThePlacedNodeIsSentTheValues() {
    NodeSessions sessions = new NodeSessions();
    EmbeddedChannel c1 = new EmbeddedChannel();
    EmbeddedChannel c2 = new EmbeddedChannel();
    for (String n : List.of("w1", "w2")) apply(new RegisterNode(n, "10.0.0.1", Resources.of(8, 1 << 16, 1 << 16), Map.of(), "process", T0));
    sessions.open("w1", c1, true);
    sessions.open("w2", c2, true);
    TaskSpec app = new TaskSpec("app", "img", List.of("run"), Map.of("GREETING", "hi"), 1, null, null)
        .withSecrets(Secrets.of(Map.of("DB_PASSWORD", VALUE)));
    TaskSpec other = new TaskSpec("other", "img", List.of("run"), Map.of(), 1, null, null);
    apply(new SubmitJob("j-1", null, new JobSpec("vault", List.of(app, other)), List.of("t-app", "t-other"), T0));
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t-app", "w1", state.tasks().get("t-app").version()),
        new PlaceTasks.Placement("t-other", "w2", state.tasks().get("t-other").version())), T0));

    DesiredPublisher publisher = new DesiredPublisher(() -> state, sessions, Duration.ofSeconds(3), DesiredFrames.BUDGET_BYTES, System::nanoTime);
    publisher.publish(2);

    assertThat(frames(c1)).contains("t-app").contains("\"secrets\":{\"DB_PASSWORD\":\"" + VALUE + "\"}");
    assertThat(frames(c2)).contains("t-other").doesNotContain(VALUE).doesNotContain("DB_PASSWORD");
  }
}
