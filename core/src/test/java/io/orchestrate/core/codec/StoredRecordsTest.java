package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.TokenRole;
import io.orchestrate.core.spec.JobSpec;
import org.junit.jupiter.api.Test;

/** Stored records in both formats: read by their first byte, the same value either way, and a clear error for neither. */
class StoredRecordsTest {
  private static final ManagerInfo M = new ManagerInfo("m1", "127.0.0.1:9000", "127.0.0.1:8080", "127.0.0.1:7000").withFeatureLevel(5);
  private static final ApiToken T = new ApiToken("a-0022", CommandCodecTest.HASH, TokenRole.SUBMIT, "ci ünïcode", 11);

  @Test
  void recordsRoundTripInBothFormatsAndJsonIsAsBefore() {
    JobSpec spec = CommandCodecTest.SUBMIT.spec();
    for (Object v : new Object[] {M, T, spec}) {
      byte[] json = StoredRecords.bytes(v, EntryFormat.JSON);
      byte[] smile = StoredRecords.bytes(v, EntryFormat.SMILE);
      assertThat(json).as("JSON records are what earlier releases wrote").isEqualTo(Json.bytes(v));
      assertThat(smile[0]).isEqualTo((byte) 0x01);
      assertThat(smile.length).isLessThan(json.length);
      assertThat(StoredRecords.read(json, v.getClass(), "x")).isEqualTo(v);
      assertThat(StoredRecords.read(smile, v.getClass(), "x")).isEqualTo(v);
      assertThat(StoredRecords.bytes(v, EntryFormat.SMILE)).as("deterministic").isEqualTo(smile);
    }
  }

  @Test
  void aRecordInNeitherFormatOrCutShortNamesItself() {
    byte[] smile = StoredRecords.bytes(M, EntryFormat.SMILE);
    byte[] other = smile.clone();
    other[0] = 0x05;
    assertThatThrownBy(() -> StoredRecords.read(other, ManagerInfo.class, "managers/m1")).isInstanceOf(IllegalStateException.class)
        .hasMessage("stored record managers/m1 is in no format this build reads: its first byte is 0x05");
    assertThatThrownBy(() -> StoredRecords.read(new byte[0], ManagerInfo.class, "managers/m1"))
        .hasMessage("stored record managers/m1 is in no format this build reads: it is empty");
    assertThatThrownBy(() -> StoredRecords.read(java.util.Arrays.copyOf(smile, smile.length - 3), ManagerInfo.class, "managers/m1"))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("stored record managers/m1 cannot be read as SMILE");
  }
}
