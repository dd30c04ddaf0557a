package io.orchestrate.gateway.protocol;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.HealthCheck;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import java.util.List;
import java.util.Map;

/** One filled-in message of every type, with every optional field set and nulls where allowed. */
final class Samples {
  private Samples() {}

  static DesiredTask desiredTask(String id, long generation) {
    return new DesiredTask(id, "job-1", "web", 2, generation, "local/busybox:1", List.of("sh", "-c", "echo hi"),
        Map.of("B", "2", "A", "1"), Resources.of(0.5, 128, 10),
        new RestartPolicy(RestartPolicy.Policy.ALWAYS, 5, 2), HealthCheck.http("/ready", 8080).withTimings(5, 2, 3, 10));
  }

  static DesiredTask withCommandCheck(String id, long generation) {
    DesiredTask d = desiredTask(id, generation);
    return new DesiredTask(id, d.jobId(), d.group(), d.index(), generation, d.image(), d.command(), d.env(), d.resources(), d.restart(),
        HealthCheck.command(List.of("sh", "-c", "test -f /tmp/ok")));
  }

  static List<GatewayMessage> all() {
    return List.of(
        new Register("w1", "10.0.0.5", Resources.of(4, 8192, 100_000), Map.of("zone", "a", "disk", "ssd"), "docker",
            List.of(new RunningTask("t1", 3, TaskState.RUNNING, "c0ffee", 1, null, "healthy"),
                new RunningTask("t2", 1, TaskState.FAILED, "beef", 3, 3)), true),
        new Register("w2", "10.0.0.6", Resources.of(2, 4096, 10_000), Map.of(), "process", List.of(), true, true),
        new Heartbeat("w1", 17, new NodeStats(12.5, 0.75, 2048, 8192, 50_000, 100_000, 4, 2, 3600)),
        new Heartbeat("w1", 18, new NodeStats(12.5, 0.75, 2048, 8192, 50_000, 100_000, 4, 2, 3600), 42L, -7_123_456_789L),
        new TaskStatus("w1", List.of(
            new TaskUpdate("t1", 3, TaskState.RUNNING, "c0ffee", 0, null, null, 1_700_000_000_000L, "starting"),
            new TaskUpdate("t2", 1, TaskState.FAILED, "beef", 3, 3, "exited with code 3; 3 restarts exhausted", 1_700_000_000_050L))),
        new Registered(7, "m2", 1000, 10_000),
        new Desired(7, "w1", List.of(desiredTask("t1", 3), withCommandCheck("t3", 1))),
        new Desired(8, "w2", List.of()),
        Desired.fullPart(7, "w1", 12, 2, 3, List.of(desiredTask("t1", 3))),
        Desired.fullPart(7, "w1", 13, 1, 1, List.of()),
        Desired.delta(7, "w1", 14, 13, List.of(desiredTask("t4", 2)), List.of("t1", "t2")),
        new NotLeader("m2", "10.0.0.2:7001"),
        new NotLeader(null, null),
        new HeartbeatAck(7, 17),
        new Register("w3", "10.0.0.7", Resources.of(2, 4096, 10_000), Map.of(), "process", List.of(), true, true, java.util.Set.of(), true),
        new LogRequest(3, "t1", true, 100, "stderr", "2026-01-02T03:04:05.123456Z", 2, LogLimits.WINDOW_BYTES),
        new LogRequest(4, "t1", false, -1, "both", null, 0, 1024),
        new LogChunk("w1", 3, List.of(new LogLine("2026-01-02T03:04:05.123456Z", "stdout", "hello \"world\" \u00e9"),
            new LogLine("2026-01-02T03:04:05.123457Z", "stderr", "")), false, null),
        new LogChunk("w1", 3, List.of(), true, "task t1 is not on node w1"),
        new LogCredit(3, 65_536),
        new LogCancel(3));
  }
}
