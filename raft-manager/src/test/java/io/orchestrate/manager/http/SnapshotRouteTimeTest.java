package io.orchestrate.manager.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.manager.service.SnapshotService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A snapshot of a large state takes longer to package than the request timeout (5 s by default)
 * allows: a million tasks were answered 503 "did not answer in time" on every try. The route
 * carries a time of its own, and the connection waits for its answer at least that long.
 */
class SnapshotRouteTimeTest {
  private static ApiRequest get(String path) {
    return new ApiRequest("GET", path, List.of(path.substring(1).split("/")), Map.of(), Map.of(), new byte[0]);
  }

  @Test
  void theSnapshotRouteMayTakeThePackagingTimeBeyondTheRequestTimeout() {
    ApiRoutes.Route r = new OpsRoutes(null, null, null, null).match(get("/v1/snapshot"));
    assertThat(r.name()).isEqualTo("/v1/snapshot");
    assertThat(r.extraTime()).isEqualTo(SnapshotService.PACKAGING_TIME);
    assertThat(SnapshotService.PACKAGING_TIME).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void otherOperatorRoutesKeepTheRequestTimeout() {
    assertThat(new OpsRoutes(null, null, null, null).match(get("/v1/gc")).extraTime()).isEqualTo(Duration.ZERO);
  }

  @Test
  void theConnectionWaitsForTheSlowestRoutesAnswer() {
    // Else the connection's own clock would close it under a snapshot still being packaged.
    assertThat(ApiServer.longestExtraTime(Duration.ofSeconds(10))).isEqualTo(SnapshotService.PACKAGING_TIME);
    assertThat(ApiServer.longestExtraTime(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(30));
  }
}
