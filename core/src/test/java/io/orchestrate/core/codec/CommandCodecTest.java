package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.CommandType;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.command.UnknownCommandException;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Raft log's encoding: lossless, strict about what it cannot read, and byte-for-byte deterministic. */
class CommandCodecTest {
  static SubmitJob submit(Map<String, String> env) {
    TaskSpec api = new TaskSpec("api", "local/busybox:1", List.of("httpd", "-f"), env, 2, Resources.of(0.5, 128, 50),
        new RestartPolicy(RestartPolicy.Policy.ALWAYS, 5, 2));
    TaskSpec proxy = new TaskSpec("proxy", "local/busybox:1", null, null, null, null, null);
    return new SubmitJob("j-1", "key-1", new JobSpec("web", List.of(api, proxy)), List.of("t-1", "t-2", "t-3"), 1_700_000_000_000L);
  }

  static final SubmitJob SUBMIT = submit(Map.of("A", "1", "B", "2"));
  static final StopJob STOP = new StopJob("j-1", 1_700_000_000_500L);
  static final RegisterManager REGISTER = new RegisterManager(new ManagerInfo("m1", "127.0.0.1:9000", "127.0.0.1:8080", "127.0.0.1:7000"));
  static final io.orchestrate.core.command.RegisterNode NODE = new io.orchestrate.core.command.RegisterNode(
      "w1", "10.0.0.5", Resources.of(4, 8192, 100_000), Map.of("zone", "a"), "docker", 1_700_000_000_100L);
  static final io.orchestrate.core.command.PlaceTasks PLACE = new io.orchestrate.core.command.PlaceTasks(
      List.of(new io.orchestrate.core.command.PlaceTasks.Placement("t-1", "w1", 7)), 1_700_000_000_200L);
  static final io.orchestrate.core.command.ReportTasks REPORT = new io.orchestrate.core.command.ReportTasks(List.of(
      new io.orchestrate.core.command.ReportTasks.Report("w1", "t-1", 9, io.orchestrate.core.model.TaskState.FAILED, 3, "c1", 137, "oom", 5)));
  static final io.orchestrate.core.command.MarkNodeDown DOWN = new io.orchestrate.core.command.MarkNodeDown("w1", "no heartbeat", 6);
  static final io.orchestrate.core.command.SetPendingReasons REASONS = new io.orchestrate.core.command.SetPendingReasons(Map.of("t-2", "no room"));
  static final io.orchestrate.core.command.RescheduleTasks RESCHEDULE = new io.orchestrate.core.command.RescheduleTasks(
      List.of(new io.orchestrate.core.command.RescheduleTasks.Replacement("t-1", "t-9", 1_700_000_001_000L)), 7);
  static final io.orchestrate.core.command.MigrateTasks MIGRATE = new io.orchestrate.core.command.MigrateTasks(
      List.of(new io.orchestrate.core.command.RescheduleTasks.Replacement("t-3", "t-8", 0)), 8);
  static final io.orchestrate.core.command.SetNodeDrain DRAIN = new io.orchestrate.core.command.SetNodeDrain("w1", true, 9);
  static final io.orchestrate.core.command.CollectGarbage GC = new io.orchestrate.core.command.CollectGarbage(
      List.of("j-1", "j-7"), List.of("w1"), 1_699_900_000_000L, 1_699_913_600_000L, 1_700_000_000_000L);
  static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final io.orchestrate.core.command.BootstrapAcl BOOTSTRAP = new io.orchestrate.core.command.BootstrapAcl(
      new io.orchestrate.core.model.ApiToken("a-0011", HASH, io.orchestrate.core.model.TokenRole.OPERATOR, "bootstrap", 10));
  static final io.orchestrate.core.command.CreateToken CREATE = new io.orchestrate.core.command.CreateToken(
      new io.orchestrate.core.model.ApiToken("a-0022", HASH, io.orchestrate.core.model.TokenRole.SUBMIT, "ci ünïcode", 11));
  static final io.orchestrate.core.command.RevokeToken REVOKE = new io.orchestrate.core.command.RevokeToken("a-0022", 12);
  static final io.orchestrate.core.command.SetFeatureLevel LEVEL = new io.orchestrate.core.command.SetFeatureLevel(
      2, Map.of("m2", 2, "m1", 3), false, 13);
  static final io.orchestrate.core.command.UpdateJob UPDATE = new io.orchestrate.core.command.UpdateJob(
      "j-1", 2, SUBMIT.spec(), List.of("t-new1"), "scale api to 3", "k-2", 14);
  static final io.orchestrate.core.command.StepDeployment STEP = new io.orchestrate.core.command.StepDeployment("j-1", "d14", 3,
      List.of("t-1"), List.of(new io.orchestrate.core.command.StepDeployment.Create("t-new2", "api", 1)), List.of("t-new1"), false, 15);
  static final io.orchestrate.core.command.FailDeployment FAIL = new io.orchestrate.core.command.FailDeployment("j-1", "d14", 4, "api",
      "t-new2", "task t-new2 (api[1]) not healthy within 60s", 1, List.of("t-new3"), 16);
  static final io.orchestrate.core.command.RestartJob RESTART = new io.orchestrate.core.command.RestartJob("j-1", "api", 17);
  static final io.orchestrate.core.command.RestartJob KEYED_RESTART = new io.orchestrate.core.command.RestartJob("j-1", null, 18, "k-1");
  static final List<Command> EVERY = List.of(SUBMIT, STOP, REGISTER, NODE, PLACE, REPORT, DOWN, REASONS, RESCHEDULE, MIGRATE, DRAIN, GC,
      BOOTSTRAP, CREATE, REVOKE, LEVEL, UPDATE, STEP, FAIL, RESTART, KEYED_RESTART, new CommandBatch(List.of(SUBMIT, STOP, REGISTER, PLACE, REPORT, GC, CREATE)));

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyCommandTypeRoundTrips() {
    for (Command c : EVERY) {
      assertThat(CommandCodec.decode(CommandCodec.encode(c))).as(c.type().tag()).isEqualTo(c);
    }
  }

  @Test
  void aTokenRoleIsWrittenByItsWireName() {
    assertThat(new String(CommandCodec.encode(CREATE), StandardCharsets.UTF_8)).contains("\"role\":\"submit\"")
        .contains("\"type\":\"acl.token.create\"");
  }

  @Test
  void anUnknownTokenRoleIsRefused() {
    byte[] bad = b("{\"type\":\"acl.token.create\",\"v\":1,\"body\":{\"token\":{\"accessor\":\"a-1\",\"secretSha256\":\"" + HASH
        + "\",\"role\":\"root\",\"name\":\"\",\"createdAtMillis\":1}}}");
    assertThatThrownBy(() -> CommandCodec.decode(bad)).isInstanceOf(io.orchestrate.core.command.UnknownCommandException.class)
        .hasMessageContaining("role must be one of read|submit|operator");
  }

  @Test
  void theRoundTripCoversEveryCommandType() {
    Set<CommandType> covered = EVERY.stream().map(Command::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(CommandType.class)));
    assertThat(covered).as("a new command type needs a round-trip case here").isEqualTo(EnumSet.allOf(CommandType.class));
  }

  @Test
  void aRestartWithoutKeyEncodesAsBefore() {
    assertThat(new String(CommandCodec.encode(RESTART), StandardCharsets.UTF_8)).doesNotContain("key");
    assertThat(new String(CommandCodec.encode(KEYED_RESTART), StandardCharsets.UTF_8)).contains("\"key\":\"k-1\"");
  }

  @Test
  void aSubmissionWithoutIdempotencyKeyRoundTrips() {
    SubmitJob noKey = new SubmitJob("j-2", null, SUBMIT.spec(), SUBMIT.taskIds(), 5);
    assertThat(CommandCodec.decode(CommandCodec.encode(noKey))).isEqualTo(noKey);
  }

  @Test
  void aBatchKeepsItsOrder() {
    CommandBatch batch = new CommandBatch(List.of(STOP, SUBMIT, new StopJob("j-9", 1)));
    CommandBatch back = (CommandBatch) CommandCodec.decode(CommandCodec.encode(batch));
    assertThat(back.commands()).containsExactly(STOP, SUBMIT, new StopJob("j-9", 1));
  }

  @Test
  void aCollectionKeepsItsIdsInOrderAndItsCutoffsExactly() {
    io.orchestrate.core.command.CollectGarbage gc = new io.orchestrate.core.command.CollectGarbage(
        List.of("j-9", "j-1", "j-5"), List.of(), Long.MIN_VALUE, 42, 43);
    String json = new String(CommandCodec.encode(gc), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"type\":\"state.gc\",\"v\":1,\"body\":{");
    io.orchestrate.core.command.CollectGarbage back = (io.orchestrate.core.command.CollectGarbage) CommandCodec.decode(CommandCodec.encode(gc));
    assertThat(back.jobIds()).containsExactly("j-9", "j-1", "j-5");
    assertThat(back.jobsEndedBy()).as("'jobs not collected' survives the log").isEqualTo(Long.MIN_VALUE);
    assertThat(back).isEqualTo(gc);
  }

  @Test
  void aCollectionWithoutItsIdListsIsRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b(
        "{\"type\":\"state.gc\",\"v\":1,\"body\":{\"jobsEndedBy\":1,\"nodesDownBy\":1,\"atMillis\":1}}")))
        .isInstanceOf(UnknownCommandException.class)
        .hasMessageContaining("state.gc");
  }

  @Test
  void theEnvelopeCarriesTagAndVersion() {
    String json = new String(CommandCodec.encode(STOP), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"type\":\"job.stop\",\"v\":1,\"body\":{");
  }

  @Test
  void aBodyWrittenBeforeItsTypeAndVersionIsStillRead() {
    Command c = CommandCodec.decode(b("{\"body\":{\"jobId\":\"j-1\",\"atMillis\":1700000000500},\"v\":1,\"type\":\"job.stop\"}"));
    assertThat(c).isEqualTo(STOP);
  }

  @Test
  void aCommandWithoutABodyIsRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b("{\"type\":\"job.stop\",\"v\":1}")))
        .isInstanceOf(UnknownCommandException.class)
        .hasMessageContaining("no body");
  }

  @Test
  void anUnknownTypeTagIsRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b("{\"type\":\"job.teleport\",\"v\":1,\"body\":{}}")))
        .isInstanceOf(UnknownCommandException.class)
        .hasMessageContaining("job.teleport");
  }

  @Test
  void aMissingTypeIsRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b("{\"v\":1,\"body\":{\"jobId\":\"j\",\"atMillis\":1}}")))
        .isInstanceOf(UnknownCommandException.class);
  }

  @Test
  void aNewerVersionIsRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b("{\"type\":\"job.stop\",\"v\":2,\"body\":{\"jobId\":\"j\",\"atMillis\":1}}")))
        .isInstanceOf(UnknownCommandException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void aMissingOrZeroVersionIsRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b("{\"type\":\"job.stop\",\"body\":{\"jobId\":\"j\",\"atMillis\":1}}")))
        .isInstanceOf(UnknownCommandException.class);
    assertThatThrownBy(() -> CommandCodec.decode(b("{\"type\":\"job.stop\",\"v\":0,\"body\":{\"jobId\":\"j\",\"atMillis\":1}}")))
        .isInstanceOf(UnknownCommandException.class);
  }

  @Test
  void anUnknownFieldInTheBodyIsRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b("{\"type\":\"job.stop\",\"v\":1,\"body\":{\"jobId\":\"j\",\"atMillis\":1,\"force\":true}}")))
        .isInstanceOf(UnknownCommandException.class)
        .hasMessageContaining("force");
  }

  @Test
  void anUnknownFieldDeepInsideASpecIsRefused() {
    String encoded = new String(CommandCodec.encode(SUBMIT), StandardCharsets.UTF_8);
    String tampered = encoded.replace("\"memoryMb\":128", "\"memoryMb\":128,\"gpu\":1");
    assertThat(tampered).isNotEqualTo(encoded);
    assertThatThrownBy(() -> CommandCodec.decode(b(tampered))).isInstanceOf(UnknownCommandException.class);
  }

  @Test
  void anUnknownCommandInsideABatchIsRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b(
        "{\"type\":\"batch\",\"v\":1,\"body\":{\"commands\":[{\"type\":\"job.stop\",\"v\":1,\"body\":{\"jobId\":\"j\",\"atMillis\":1}},"
            + "{\"type\":\"node.explode\",\"v\":1,\"body\":{}}]}}")))
        .isInstanceOf(UnknownCommandException.class)
        .hasMessageContaining("node.explode");
  }

  @Test
  void bytesThatAreNotJsonAreRefused() {
    assertThatThrownBy(() -> CommandCodec.decode(b("not json"))).isInstanceOf(UnknownCommandException.class);
  }

  @Test
  void encodingTheSameCommandTwiceGivesTheSameBytes() {
    assertThat(CommandCodec.encode(SUBMIT)).isEqualTo(CommandCodec.encode(SUBMIT));
    CommandBatch batch = new CommandBatch(List.of(SUBMIT, STOP, REGISTER));
    assertThat(CommandCodec.encode(batch)).isEqualTo(CommandCodec.encode(new CommandBatch(List.of(SUBMIT, STOP, REGISTER))));
  }

  @Test
  void envInsertionOrderDoesNotChangeTheBytes() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("A", "1");
    ab.put("B", "2");
    ab.put("Z", "26");
    Map<String, String> zba = new LinkedHashMap<>();
    zba.put("Z", "26");
    zba.put("B", "2");
    zba.put("A", "1");

    assertThat(CommandCodec.encode(submit(zba))).isEqualTo(CommandCodec.encode(submit(ab)));
  }

  @Test
  void resultsRoundTrip() {
    for (CommandResult r : List.of(
        new CommandResult.JobSubmitted("j-1", true),
        new CommandResult.JobStopped("j-1", false),
        new CommandResult.Done(),
        new CommandResult.Rejected("conflict", "job id j-1 already exists"),
        new CommandResult.Collected(List.of("j-1", "j-2"), List.of("w1"), 6, 1),
        new CommandResult.Batch(List.of(new CommandResult.Done(), new CommandResult.JobSubmitted("j-2", false))))) {
      assertThat(CommandCodec.decodeResult(CommandCodec.encodeResult(r))).isEqualTo(r);
    }
  }

  @Test
  void aBatchJoinedFromEncodedCommandsIsTheBatchEncodedWhole() {
    CommandBatch whole = new CommandBatch(List.of(SUBMIT, STOP, REGISTER));
    byte[] joined = CommandCodec.encodeBatch(List.of(CommandCodec.encode(SUBMIT), CommandCodec.encode(STOP), CommandCodec.encode(REGISTER)));
    assertThat(new String(joined, StandardCharsets.UTF_8)).isEqualTo(new String(CommandCodec.encode(whole), StandardCharsets.UTF_8));
    assertThat(CommandCodec.decode(joined)).isEqualTo(whole);
    assertThat(joined.length).isEqualTo(CommandCodec.BATCH_OVERHEAD + 2 + CommandCodec.encode(SUBMIT).length
        + CommandCodec.encode(STOP).length + CommandCodec.encode(REGISTER).length);
  }
}
