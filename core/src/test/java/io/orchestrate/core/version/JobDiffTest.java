package io.orchestrate.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.HealthCheck;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.core.spec.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a new spec does to each group: only count scales; every field a container is made from replaces. */
class JobDiffTest {
  private static TaskSpec api(int count) {
    return new TaskSpec("api", "local/busybox:1", List.of("httpd"), Map.of("A", "1"), count, Resources.of(0.5, 128, 0), null);
  }

  private static TaskSpec proxy() {
    return new TaskSpec("proxy", "local/busybox:1", List.of("sleep", "60"), null, 1, null, null);
  }

  private static JobSpec job(TaskSpec... tasks) {
    return new JobSpec("web", List.of(tasks));
  }

  @Test
  void theSameSpecIsUnchangedAndSoIsAnotherGroupOrder() {
    assertThat(JobDiff.between(job(api(2), proxy()), job(api(2), proxy())).unchanged()).isTrue();
    assertThat(JobDiff.between(job(api(2), proxy()), job(proxy(), api(2))).unchanged()).isTrue();
    assertThat(JobDiff.between(job(api(2), proxy()), job(api(2), proxy())).describe()).isEmpty();
  }

  @Test
  void aCountAloneScales() {
    JobDiff d = JobDiff.between(job(api(2), proxy()), job(api(5), proxy()));
    assertThat(d.groups()).containsExactly(
        new GroupChange("api", GroupChange.Kind.SCALED, List.of("count"), 2, 5),
        new GroupChange("proxy", GroupChange.Kind.UNCHANGED, List.of(), 1, 1));
    assertThat(d.describe()).containsExactly("api: count 2 -> 5");
  }

  @Test
  void everyFieldAContainerIsMadeFromReplacesAndIsNamed() {
    TaskSpec a = api(2);
    Map<String, TaskSpec> changed = Map.of(
        "image", new TaskSpec("api", "local/other:1", a.command(), a.env(), 2, a.resources(), null),
        "command", new TaskSpec("api", a.image(), List.of("httpd", "-v"), a.env(), 2, a.resources(), null),
        "env", new TaskSpec("api", a.image(), a.command(), Map.of("A", "2"), 2, a.resources(), null),
        "resources", new TaskSpec("api", a.image(), a.command(), a.env(), 2, Resources.of(1, 128, 0), null),
        "health", new TaskSpec("api", a.image(), a.command(), a.env(), 2, a.resources(), null, null,
            HealthCheck.tcp(8080)),
        "network", new TaskSpec("api", a.image(), a.command(), a.env(), 2, a.resources(), null, null, null, "host"),
        "user", new TaskSpec("api", a.image(), a.command(), a.env(), 2, a.resources(), null, null, null, null, "1000"),
        "secrets", a.withSecrets(Secrets.of(Map.of("DB", "x"))));
    changed.forEach((field, next) -> {
      GroupChange g = JobDiff.between(job(a), job(next)).groups().get(0);
      assertThat(g.kind()).as(field).isEqualTo(GroupChange.Kind.REPLACED);
      assertThat(g.fields()).as(field).containsExactly(field);
      assertThat(g.describe()).as(field).isEqualTo("api: replaced (" + field + ")");
    });
  }

  @Test
  void aReplacementWithANewCountNamesBoth() {
    TaskSpec next = new TaskSpec("api", "local/busybox:1", List.of("httpd", "-v"), Map.of("A", "1"), 3, Resources.of(0.5, 128, 0), null);
    GroupChange g = JobDiff.between(job(api(2)), job(next)).groups().get(0);
    assertThat(g.kind()).isEqualTo(GroupChange.Kind.REPLACED);
    assertThat(g.fields()).containsExactly("count", "command");
    assertThat(g.describe()).isEqualTo("api: replaced (count, command), count 2 -> 3");
  }

  @Test
  void groupsAddedAndRemovedComeAfterTheNewSpecsOrder() {
    JobDiff d = JobDiff.between(job(api(2), proxy()), job(api(2), new TaskSpec("db", "local/busybox:1", null, null, 1, null, null)));
    assertThat(d.groups()).extracting(GroupChange::group, GroupChange::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("api", GroupChange.Kind.UNCHANGED),
        org.assertj.core.groups.Tuple.tuple("db", GroupChange.Kind.ADDED),
        org.assertj.core.groups.Tuple.tuple("proxy", GroupChange.Kind.REMOVED));
    assertThat(d.describe()).containsExactly("db: added, count 1", "proxy: removed");
  }
}
