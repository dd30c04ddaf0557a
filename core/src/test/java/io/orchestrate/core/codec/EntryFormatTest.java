package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.UnknownCommandException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Log entries in both formats: JSON as every release wrote it, and Smile behind its format byte.
 * Both read as the same commands, a Smile entry is as strict as a JSON one, and an entry in
 * neither is refused naming its first byte.
 */
class EntryFormatTest {
  private static final byte SMILE = 0x01;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A Smile entry of an arbitrary value (a command forged or from another build), format byte first. */
  private static byte[] smileEntry(Object value) throws Exception {
    byte[] body = Json.smile().writeValueAsBytes(value);
    byte[] out = new byte[body.length + 1];
    out[0] = SMILE;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  private static Map<String, Object> stop(Map<String, Object> body, int v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "job.stop");
    m.put("v", v);
    m.put("body", body);
    return m;
  }

  @Test
  void everyCommandTypeRoundTripsInBothFormats() {
    for (Command c : CommandCodecTest.EVERY) {
      byte[] json = CommandCodec.encode(c, EntryFormat.JSON);
      byte[] smile = CommandCodec.encode(c, EntryFormat.SMILE);
      assertThat(json).as(c.type().tag()).isEqualTo(CommandCodec.encode(c));
      assertThat(json[0]).as("a JSON entry starts as before").isEqualTo((byte) '{');
      assertThat(smile[0]).as("a Smile entry starts with its format byte").isEqualTo(SMILE);
      assertThat(EntryFormat.of(json)).isEqualTo(EntryFormat.JSON);
      assertThat(EntryFormat.of(smile)).isEqualTo(EntryFormat.SMILE);
      assertThat(CommandCodec.decode(json)).as(c.type().tag() + " from JSON").isEqualTo(c);
      assertThat(CommandCodec.decode(smile)).as(c.type().tag() + " from Smile").isEqualTo(c);
    }
  }

  /** Bytes the JSON codec wrote before formats existed: a cluster upgraded in place replays entries like this. */
  @Test
  void aJsonBatchAsEarlierReleasesWroteItStillReads() {
    String logged = "{\"type\":\"batch\",\"v\":1,\"body\":{\"commands\":[{\"type\":\"job.stop\",\"v\":1,\"body\":{\"jobId\":\"j-1\","
        + "\"atMillis\":1700000000500}},{\"type\":\"job.submit\",\"v\":1,\"body\":{\"jobId\":\"j-2\",\"idempotencyKey\":null,"
        + "\"spec\":{\"name\":\"web\",\"tasks\":[{\"name\":\"api\",\"image\":\"local/busybox:1\",\"command\":[\"httpd\",\"-f\"],"
        + "\"env\":{\"A\":\"1\"},\"count\":1,\"resources\":{\"cpu\":0.5,\"memoryMb\":128,\"diskMb\":50}}]},"
        + "\"taskIds\":[\"t-1\"],\"atMillis\":1700000000000}}]}}";
    CommandBatch batch = (CommandBatch) CommandCodec.decode(b(logged));
    assertThat(batch.commands()).hasSize(2);
    assertThat(batch.commands().get(0)).isEqualTo(new StopJob("j-1", 1_700_000_000_500L));
    io.orchestrate.core.command.SubmitJob s = (io.orchestrate.core.command.SubmitJob) batch.commands().get(1);
    assertThat(s.jobId()).isEqualTo("j-2");
    assertThat(s.spec().tasks().get(0).resources().cpu()).isEqualTo(0.5);
    assertThat(s.spec().tasks().get(0).env()).isEqualTo(Map.of("A", "1"));
    assertThat(CommandCodec.decode(CommandCodec.encode(batch, EntryFormat.SMILE))).as("the same commands rewritten in Smile").isEqualTo(batch);
  }

  @Test
  void aJsonEntryWithLeadingWhitespaceIsStillJson() {
    assertThat(CommandCodec.decode(b(" \n{\"type\":\"job.stop\",\"v\":1,\"body\":{\"jobId\":\"j-1\",\"atMillis\":1700000000500}}")))
        .isEqualTo(CommandCodecTest.STOP);
  }

  @Test
  void aSmileBatchJoinedFromEncodedCommandsIsTheBatchEncodedWhole() {
    List<Command> commands = List.of(CommandCodecTest.SUBMIT, CommandCodecTest.STOP, CommandCodecTest.REGISTER);
    List<byte[]> each = commands.stream().map(c -> CommandCodec.encode(c, EntryFormat.SMILE)).toList();
    byte[] joined = CommandCodec.encodeBatch(each);
    assertThat(joined).isEqualTo(CommandCodec.encode(new CommandBatch(commands), EntryFormat.SMILE));
    assertThat(CommandCodec.decode(joined)).isEqualTo(new CommandBatch(commands));
    int bound = CommandCodec.BATCH_OVERHEAD + (each.size() - 1);
    for (byte[] e : each) bound += e.length;
    assertThat(joined.length).as("the proposer's size bound holds for Smile batches too").isLessThanOrEqualTo(bound);
    assertThat(CommandCodec.encodeBatch(List.of(each.get(1)))).as("a batch of one").isEqualTo(
        CommandCodec.encode(new CommandBatch(List.of(CommandCodecTest.STOP)), EntryFormat.SMILE));
  }

  @Test
  void aBatchOfCommandsInTwoFormatsIsNotBuilt() {
    assertThatThrownBy(() -> CommandCodec.encodeBatch(List.of(CommandCodec.encode(CommandCodecTest.STOP, EntryFormat.SMILE),
        CommandCodec.encode(CommandCodecTest.STOP))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must share one format: SMILE and JSON");
  }

  @Test
  void smileEncodingIsDeterministicAndSmallerThanJson() {
    assertThat(CommandCodec.encode(CommandCodecTest.SUBMIT, EntryFormat.SMILE)).isEqualTo(CommandCodec.encode(CommandCodecTest.SUBMIT, EntryFormat.SMILE));
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("A", "1");
    ab.put("Z", "26");
    Map<String, String> za = new LinkedHashMap<>();
    za.put("Z", "26");
    za.put("A", "1");
    assertThat(CommandCodec.encode(CommandCodecTest.submit(za), EntryFormat.SMILE))
        .isEqualTo(CommandCodec.encode(CommandCodecTest.submit(ab), EntryFormat.SMILE));
    for (Command c : CommandCodecTest.EVERY) {
      assertThat(CommandCodec.encode(c, EntryFormat.SMILE).length).as(c.type().tag())
          .isLessThan(CommandCodec.encode(c, EntryFormat.JSON).length);
    }
  }

  @Test
  void anEntryInNeitherFormatIsRefusedNamingItsFirstByte() {
    byte[] smile = CommandCodec.encode(CommandCodecTest.STOP, EntryFormat.SMILE);
    byte[] later = smile.clone();
    later[0] = 0x02;
    assertThatThrownBy(() -> CommandCodec.decode(later)).isInstanceOf(UnknownCommandException.class)
        .hasMessage("log entry is not a readable command: its first byte 0x02 is neither '{' (JSON) nor a format byte this build reads"
            + " (0x01, Smile); an entry of a later release?");
    assertThatThrownBy(() -> CommandCodec.decode(b("not json"))).isInstanceOf(UnknownCommandException.class)
        .hasMessageContaining("first byte 0x6E");
    assertThatThrownBy(() -> CommandCodec.decode(Arrays.copyOfRange(smile, 1, smile.length)))
        .as("Smile without its format byte").isInstanceOf(UnknownCommandException.class).hasMessageContaining("first byte 0xFA");
    assertThatThrownBy(() -> CommandCodec.decode(new byte[0])).isInstanceOf(UnknownCommandException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> CommandCodec.decode(new byte[] {SMILE})).isInstanceOf(UnknownCommandException.class)
        .hasMessageStartingWith("log entry is not a readable command");
  }

  @Test
  void aSmileEntryCutShortOrWithBytesAfterItIsRefused() {
    byte[] smile = CommandCodec.encode(CommandCodecTest.SUBMIT, EntryFormat.SMILE);
    for (int cut : new int[] {2, smile.length / 2, smile.length - 1}) {
      assertThatThrownBy(() -> CommandCodec.decode(Arrays.copyOf(smile, cut))).as("cut at " + cut).isInstanceOf(UnknownCommandException.class);
    }
    byte[] trailing = Arrays.copyOf(smile, smile.length + 1);
    trailing[smile.length] = (byte) 0xFA; // the start of another object
    assertThatThrownBy(() -> CommandCodec.decode(trailing)).isInstanceOf(UnknownCommandException.class);
  }

  @Test
  void aSmileEntryIsAsStrictAsAJsonOne() throws Exception {
    assertThat(CommandCodec.decode(smileEntry(stop(Map.of("jobId", "j-1", "atMillis", 1_700_000_000_500L), 1))))
        .as("the forged entry's way of writing is readable").isEqualTo(CommandCodecTest.STOP);
    assertThatThrownBy(() -> CommandCodec.decode(smileEntry(stop(Map.of("jobId", "j", "atMillis", 1, "force", true), 1))))
        .isInstanceOf(UnknownCommandException.class).hasMessageContaining("force");
    assertThatThrownBy(() -> CommandCodec.decode(smileEntry(stop(Map.of("jobId", "j", "atMillis", 1), 2))))
        .isInstanceOf(UnknownCommandException.class).hasMessageContaining("version 2");
    assertThatThrownBy(() -> CommandCodec.decode(smileEntry(Map.of("type", "job.teleport", "v", 1, "body", Map.of()))))
        .isInstanceOf(UnknownCommandException.class).hasMessageContaining("job.teleport");
    assertThatThrownBy(() -> CommandCodec.decode(smileEntry(List.of(1, 2))))
        .isInstanceOf(UnknownCommandException.class).hasMessageContaining("must be a JSON object");
  }

  @Test
  void aKeyTwiceInASmileEntryIsRefused() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(SMILE);
    try (com.fasterxml.jackson.core.JsonGenerator g = Json.smile().getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", "job.stop");
      g.writeNumberField("v", 1);
      g.writeFieldName("body");
      g.writeStartObject();
      g.writeStringField("jobId", "j-1");
      g.writeStringField("jobId", "j-2");
      g.writeNumberField("atMillis", 1);
      g.writeEndObject();
      g.writeEndObject();
    }
    assertThatThrownBy(() -> CommandCodec.decode(out.toByteArray())).isInstanceOf(UnknownCommandException.class)
        .hasMessageContaining("jobId");
  }

  @Test
  void theFormatFollowsTheLevel() {
    assertThat(EntryFormat.forLevel(1)).isEqualTo(EntryFormat.JSON);
    assertThat(EntryFormat.forLevel(4)).isEqualTo(EntryFormat.JSON);
    assertThat(EntryFormat.forLevel(5)).isEqualTo(EntryFormat.SMILE);
    assertThat(EntryFormat.forLevel(io.orchestrate.core.feature.FeatureLevel.HIGHEST)).isEqualTo(EntryFormat.SMILE);
  }
}
