package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.command.SetFeatureLevel;
import io.orchestrate.core.model.ManagerInfo;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A manager's supported feature level in the log and the stored state: entries and records from
 * before the field read as the baseline, and a baseline registration encodes byte for byte as an
 * older release wrote it, so replicas of either release agree on it and on the state digest.
 */
class RegisterManagerLevelTest {
  /** A manager.register entry exactly as the release before feature levels wrote it. */
  static final String OLD_ENTRY = "{\"type\":\"manager.register\",\"v\":1,\"body\":{\"manager\":{\"id\":\"m1\","
      + "\"raftAddress\":\"127.0.0.1:9000\",\"apiAddress\":\"127.0.0.1:8080\",\"gatewayAddress\":\"127.0.0.1:7000\"}}}";
  static final String OLD_RECORD = "{\"id\":\"m1\",\"raftAddress\":\"h:1\",\"apiAddress\":\"h:2\",\"gatewayAddress\":\"h:3\"}";

  @Test
  void anEntryFromBeforeTheFieldReadsAsTheBaselineAndEncodesTheSameAgain() {
    RegisterManager c = (RegisterManager) CommandCodec.decode(OLD_ENTRY.getBytes(StandardCharsets.UTF_8));
    assertThat(c.manager().featureLevel()).isEqualTo(1);
    assertThat(new String(CommandCodec.encode(c), StandardCharsets.UTF_8)).isEqualTo(OLD_ENTRY);
  }

  @Test
  void aBaselineManagerBuiltHereEncodesAsAnOldReleaseDid() {
    ManagerInfo m = new ManagerInfo("m1", "127.0.0.1:9000", "127.0.0.1:8080", "127.0.0.1:7000", 1);
    assertThat(new String(CommandCodec.encode(new RegisterManager(m)), StandardCharsets.UTF_8)).isEqualTo(OLD_ENTRY);
  }

  @Test
  void aHigherLevelIsWrittenAndReadBack() {
    ManagerInfo m = new ManagerInfo("m1", "h:1", "h:2", "h:3").withFeatureLevel(2);
    String encoded = new String(CommandCodec.encode(new RegisterManager(m)), StandardCharsets.UTF_8);
    assertThat(encoded).contains("\"featureLevel\":2");
    assertThat(((RegisterManager) CommandCodec.decode(encoded.getBytes(StandardCharsets.UTF_8))).manager()).isEqualTo(m);
  }

  @Test
  void aStoredRecordFromBeforeTheFieldKeepsItsBytes() {
    ManagerInfo read = Json.read(OLD_RECORD.getBytes(StandardCharsets.UTF_8), ManagerInfo.class);
    assertThat(read).isEqualTo(new ManagerInfo("m1", "h:1", "h:2", "h:3"));
    assertThat(Json.string(read)).isEqualTo(OLD_RECORD);
  }

  @Test
  void aLevelChangeKeepsItsVotersSorted() {
    SetFeatureLevel s = new SetFeatureLevel(2, Map.of("m3", 2, "m1", 2, "m2", 3), false, 5);
    String encoded = new String(CommandCodec.encode(s), StandardCharsets.UTF_8);
    assertThat(encoded).isEqualTo("{\"type\":\"cluster.feature-level\",\"v\":1,\"body\":{\"level\":2,"
        + "\"voters\":{\"m1\":2,\"m2\":3,\"m3\":2},\"initial\":false,\"atMillis\":5}}");
    assertThat(CommandCodec.decode(encoded.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
  }
}
