package io.orchestrate.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.codec.Json;
import org.junit.jupiter.api.Test;

/** The build version in a manager's health answer: present from this build on, absent (and harmless) from older ones. */
class HealthViewVersionTest {
  @Test
  void aManagersHealthCarriesItsBuildVersion() {
    HealthView h = new HealthView(HealthView.OK, "m1", "LEADER", "m1", 2, 9, null);

    assertThat(h.version()).isEqualTo(BuildInfo.version());
    assertThat(Json.string(h)).contains("\"version\":\"" + BuildInfo.version() + "\"");
  }

  @Test
  void anOlderManagersAnswerWithoutTheFieldReadsAsUnknown() throws Exception {
    HealthView h = Json.lenient().readValue(
        "{\"status\":\"ok\",\"id\":\"m2\",\"role\":\"FOLLOWER\",\"leader\":\"m1\",\"term\":2,\"appliedIndex\":9}", HealthView.class);

    assertThat(h.version()).isNull();
    assertThat(Json.string(h)).as("no null field for older readers").doesNotContain("version");
  }

  @Test
  void classesOutsideAJarReportTheUnpackagedVersion() {
    // Tests run from target/classes, which has no manifest.
    assertThat(BuildInfo.version()).isEqualTo(BuildInfo.UNPACKAGED);
  }
}
