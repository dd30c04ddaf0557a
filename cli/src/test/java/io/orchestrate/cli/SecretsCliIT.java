package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.Time;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.GatewayCodec;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.testkit.MiniCluster;
import io.orchestrate.worker.Worker;
import io.orchestrate.worker.WorkerConfig;
import io.orchestrate.worker.WorkerHooks;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job with a secret, end to end against a real cluster whose workers use the process driver: the
 * task placed on w1 sees the value in its environment; w2, which runs another task of the same job,
 * never receives it; and no API answer, CLI output, metrics page, log line or snapshot inspection
 * shows it, while each shows the secret's name.
 */
class SecretsCliIT {
  /** Unique per run, so that nothing else can contain it by chance. */
  private static final String VALUE = "pw-" + UUID.randomUUID();

  @TempDir Path dir;

  private static CliRun cli(String managers, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(Map.of("ORCHESTRATE_MANAGERS", managers), Time.SYSTEM))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** A second worker built like MiniCluster's, with a hook that keeps every desired set it is given. */
  private static Worker recordingWorker(MiniCluster c, Path root, String id, Resources capacity, List<Desired> received) {
    WorkerConfig cfg = WorkerConfig.builder().id(id).dataDir(root.resolve(id)).managers(c.gateways()).driver("process").allow("process-driver")
        .cpus(capacity.cpu()).memoryMb(capacity.memoryMb()).diskMb(capacity.diskMb()).advertiseHost("127.0.0.1")
        .monitorInterval(Duration.ofMillis(200)).stopGrace(Duration.ofSeconds(2)).backoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .build();
    Worker w = new Worker(cfg, new WorkerHooks(d -> {
      received.add(d);
      return d;
    })).start();
    await("worker " + id + " registered").atMost(MiniCluster.WAIT).until(() -> {
      var n = c.leader().stateMachine().image().nodes().get(id);
      return n != null && n.state() == NodeState.READY;
    });
    return w;
  }

  @Test
  void aSecretReachesOnlyItsTaskAndIsNeverShown() throws Exception {
    Path seen = dir.resolve("seen");
    Path job = dir.resolve("vault.yaml");
    // app fits only w1 (2 cpus), other only w2 (512 MB): both workers take part in the job.
    Files.writeString(job, """
        name: vault
        tasks:
          - name: app
            image: none
            command: ["sh", "-c", "echo \\"$DB_PASSWORD $GREETING\\" > '%s'; sleep 300"]
            resources: {cpu: 2, memoryMb: 64}
            env: {GREETING: hi}
            secrets: {DB_PASSWORD: "%s"}
          - name: other
            image: none
            command: ["sleep", "300"]
            resources: {cpu: 1, memoryMb: 512}
        """.formatted(seen, VALUE));

    List<Desired> w2Received = new CopyOnWriteArrayList<>();
    try (LogCapture logs = LogCapture.start()) {
      try (MiniCluster c = MiniCluster.start(dir.resolve("cluster"), 1)) {
        c.startWorker("w1", "process", Resources.of(2, 128, 1000));
        try (Worker w2 = recordingWorker(c, dir.resolve("cluster").resolve("workers"), "w2", Resources.of(1, 1024, 1000), w2Received)) {
          String managers = String.join(",", c.apis());
          String api = c.api(c.leader().id());

          CliRun run = cli(managers, "run", "-f", job.toString());
          assertThat(run.exitCode()).as(run.toString()).isZero();
          assertThat(run.out() + run.err()).doesNotContain(VALUE);
          String id = run.out().trim();

          // Delivered: the task on w1 sees the value beside its ordinary env.
          await("the task wrote its secret").atMost(Duration.ofSeconds(60))
              .until(() -> Files.exists(seen) && Files.readString(seen).endsWith("\n"));
          assertThat(Files.readString(seen)).isEqualTo(VALUE + " hi\n");
          await("both tasks running").atMost(Duration.ofSeconds(60)).until(() -> {
            StateImage s = c.leader().stateMachine().image();
            return s.tasksOf(id).stream().filter(t -> t.state() == TaskState.RUNNING).count() == 2;
          });
          Map<String, String> nodeOf = new java.util.HashMap<>();
          for (Task t : c.leader().stateMachine().image().tasksOf(id)) nodeOf.put(t.group(), t.node());
          assertThat(nodeOf).containsEntry("app", "w1").containsEntry("other", "w2");

          // Only the placed worker received it: w2 got this job's other task, and nothing with the value.
          assertThat(w2Received).anySatisfy(d -> assertThat(d.tasks()).anyMatch(t -> t.jobId().equals(id)));
          for (Desired d : w2Received) {
            assertThat(new String(GatewayCodec.encode(d), StandardCharsets.UTF_8)).doesNotContain(VALUE).doesNotContain("DB_PASSWORD");
          }
          assertThat(c.worker("w1").tasks().values()).anySatisfy(r -> assertThat(r.spec().secrets().values()).containsEntry("DB_PASSWORD", VALUE));

          // The API: the job shows the name with a redacted value; lists and tasks show nothing of it.
          String jobBody = c.http().get(api, "/v1/jobs/" + id).text();
          assertThat(jobBody).doesNotContain(VALUE).contains("\"secrets\":{\"DB_PASSWORD\":\"<redacted>\"}").contains("\"GREETING\":\"hi\"");
          for (String path : List.of("/v1/jobs", "/v1/tasks", "/v1/tasks?job=" + id, "/v1/nodes", "/metrics")) {
            assertThat(c.http().get(api, path).text()).as(path).doesNotContain(VALUE);
          }
          assertThat(c.worker("w1").scrapeMetrics()).doesNotContain(VALUE);

          // The CLI, plain and JSON.
          CliRun json = cli(managers, "status", id, "-o", "json");
          assertThat(json.exitCode()).as(json.toString()).isZero();
          assertThat(json.out()).doesNotContain(VALUE).contains("<redacted>");
          for (String[] args : List.of(new String[] {"status", id}, new String[] {"status"}, new String[] {"status", "-o", "json"},
              new String[] {"tasks"}, new String[] {"tasks", "-o", "json"})) {
            CliRun r = cli(managers, args);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out() + r.err()).as(String.join(" ", args)).doesNotContain(VALUE);
          }

          // A snapshot holds the state (values included, see README); inspecting it shows none of it.
          Path snap = dir.resolve("backup.snap");
          CliRun save = cli(managers, "snapshot", "save", snap.toString());
          assertThat(save.exitCode()).as(save.toString()).isZero();
          CliRun inspect = cli(managers, "snapshot", "inspect", snap.toString());
          assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
          assertThat(save.out() + save.err() + inspect.out() + inspect.err()).doesNotContain(VALUE);

          CliRun stop = cli(managers, "stop", id);
          assertThat(stop.out() + stop.err()).doesNotContain(VALUE);
        }
      }
      String logged = logs.text();
      assertThat(logged).as("log capture works").contains("worker w1 started");
      assertThat(logged).doesNotContain(VALUE);
    }
  }

  /**
   * Everything written to System.out and System.err while open, still passed through. slf4j-simple
   * looks the stream up on every line, so swapping it catches every logger in this JVM at the
   * level configured (INFO for io.orchestrate).
   */
  private static final class LogCapture implements AutoCloseable {
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static LogCapture start() {
      LogCapture c = new LogCapture();
      System.setOut(new PrintStream(c.tee(c.out), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(c.tee(c.err), true, StandardCharsets.UTF_8));
      return c;
    }

    private OutputStream tee(PrintStream original) {
      return new OutputStream() {
        @Override
        public void write(int b) {
          synchronized (bytes) {
            bytes.write(b);
          }
          original.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          synchronized (bytes) {
            bytes.write(b, off, len);
          }
          original.write(b, off, len);
        }
      };
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
