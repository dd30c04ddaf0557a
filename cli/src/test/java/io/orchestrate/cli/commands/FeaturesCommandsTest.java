package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.cli.CliRun;
import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.FeaturesView;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code cluster features} and {@code cluster features upgrade} against a fake manager: what they ask and print. */
class FeaturesCommandsTest {
  private static final List<FeaturesView.Level> LEVELS = List.of(
      new FeaturesView.Level(1, List.of("everything before feature levels")),
      new FeaturesView.Level(2, List.of("the task field secrets in job.submit entries", "API tokens: the log entries acl.bootstrap")));

  private final ManualTime time = new ManualTime();
  private final FakeManager manager = FakeManager.start("m1");

  @AfterEach
  void stop() {
    manager.close();
  }

  private CliRun run(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--managers";
    all[args.length + 1] = manager.address();
    return CliRun.run(Map.of(), time, all);
  }

  @Test
  void featuresShowsTheLevelEachManagerAndWhatEachLevelAdds() {
    manager.answer("GET", "/v1/cluster/features", 200, new FeaturesView(1, 0, 2, 1, List.of(
        new FeaturesView.Manager("m1", 2, null), new FeaturesView.Manager("m2", 2, null), new FeaturesView.Manager("m3", 1, null)), LEVELS));

    CliRun r = run("cluster", "features");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(
        "feature level 1; this manager's release supports up to 2",
        "MANAGER  SUPPORTS",
        "m1       2",
        "m2       2",
        "m3       1",
        "",
        "LEVEL  ADDS",
        "1      everything before feature levels",
        "2      the task field secrets in job.submit entries",
        "2      API tokens: the log entries acl.bootstrap");
  }

  @Test
  void featuresSaysWhenARaiseIsPossibleAndWhenAManagerDidNotAnswer() {
    manager.answer("GET", "/v1/cluster/features", 200, new FeaturesView(1, 0, 2, 2, List.of(new FeaturesView.Manager("m1", 2, null)), LEVELS));
    assertThat(run("cluster", "features").out()).contains("every voting manager supports 2: `orchestrate cluster features upgrade` raises the level to it");

    manager.answer("GET", "/v1/cluster/features", 200, new FeaturesView(1, 0, 2, 0,
        List.of(new FeaturesView.Manager("m1", 2, null), new FeaturesView.Manager("m2", null, "did not answer")), LEVELS));
    CliRun r = run("cluster", "features");
    assertThat(r.out()).contains("a voting manager did not answer").contains("m2       ? (did not answer)");
  }

  @Test
  void upgradePostsAndPrintsTheRaisedLevel() {
    manager.answer("POST", "/v1/cluster/features/upgrade", 200, new FeaturesView(2, 1_700_000_000_000L, 2, 2,
        List.of(new FeaturesView.Manager("m1", 2, null)), LEVELS));

    CliRun r = run("cluster", "features", "upgrade");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(manager.requests()).singleElement().satisfies(q -> assertThat(q.method() + " " + q.path()).isEqualTo("POST /v1/cluster/features/upgrade"));
    assertThat(r.out()).startsWith("feature level 2 (set 2023-11-14T22:13:20Z); this manager's release supports up to 2");
  }

  @Test
  void anUpgradeRefusedIsExitOneNamingTheManagerBehind() {
    manager.answer("POST", "/v1/cluster/features/upgrade", 409, new ErrorBody(
        "the cluster stays at feature level 1: m3 supports 1 while other voting managers support 2", ErrorCode.CONFLICT));

    CliRun r = run("cluster", "features", "upgrade");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("m3 supports 1").contains("HTTP 409");
  }
}
