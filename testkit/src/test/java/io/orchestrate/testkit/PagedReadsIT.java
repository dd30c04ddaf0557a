package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /v1/jobs and /v1/tasks page over real HTTP on three managers: the cursor travels in
 * X-Next-Cursor and Link, any manager continues another's cursor, jobs submitted mid-listing cause
 * no gap nor duplicate, and a bad parameter is a 400 naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagedReadsIT {
  private static final Pattern LINK = Pattern.compile("<(/v1/[^>]+)>; rel=\"next\"");

  MiniCluster c;
  final List<String> submitted = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) {
    c = MiniCluster.start(dir, 3);
    for (int i = 0; i < 6; i++) submitted.add(Tasks.submit(c, new String(Jobs.yaml("page-" + i), StandardCharsets.UTF_8)));
  }

  @AfterAll
  void stop() {
    c.close();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void tasksPageAcrossManagersWithoutGapsOrDuplicatesWhileJobsArrive() {
    Set<String> before = new HashSet<>();
    for (String job : submitted) Tasks.of(c, job).forEach(t -> before.add(t.path("id").asText()));
    List<String> apis = c.apis();
    List<String> listed = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      // Each page from another manager: a cursor is a position in the replicated order, valid on any of them.
      HttpApi.Reply r = c.http().get(apis.get(pages % apis.size()), "/v1/tasks?limit=4" + (next == null ? "" : "&next=" + enc(next)));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      r.json().path("tasks").forEach(t -> listed.add(t.path("id").asText()));
      next = r.header("X-Next-Cursor");
      String link = r.header("Link");
      if (next == null) {
        assertThat(link).as("the last page has no Link either").isNull();
      } else {
        Matcher m = LINK.matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        assertThat(m.group(1)).isEqualTo("/v1/tasks?limit=4&next=" + enc(next));
        Tasks.submit(c, new String(Jobs.yaml("mid-" + pages), StandardCharsets.UTF_8));
      }
      pages++;
    } while (next != null && pages < 100);

    assertThat(next).as("the listing ended").isNull();
    assertThat(listed).doesNotHaveDuplicates().containsAll(before);
    assertThat(pages).isGreaterThanOrEqualTo(before.size() / 4);
  }

  @Test
  void theLinkHeaderLeadsThroughAFilteredListingToItsEnd() {
    String job = submitted.get(2);
    List<String> listed = new ArrayList<>();
    String path = "/v1/tasks?job=" + job + "&state=pending&limit=2";
    for (int n = 0; path != null && n < 10; n++) {
      HttpApi.Reply r = c.http().get(c.leader().apiAddress().toString(), path);
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      r.json().path("tasks").forEach(t -> listed.add(t.path("jobId").asText() + "/" + t.path("state").asText()));
      String link = r.header("Link");
      path = link == null ? null : LINK.matcher(link).replaceAll("$1");
    }

    assertThat(listed).hasSize(3).containsOnly(job + "/PENDING");
    assertThat(c.http().get(c.leader().apiAddress().toString(), "/v1/tasks?job=" + job + "&state=Running").json().path("tasks")).isEmpty();
    assertThat(c.http().get(c.leader().apiAddress().toString(), "/v1/tasks?node=w-none").json().path("tasks")).isEmpty();
  }

  @Test
  void jobsPageInSubmissionOrder() {
    List<String> listed = new ArrayList<>();
    String next = null;
    do {
      HttpApi.Reply r = c.http().get(c.leader().apiAddress().toString(), "/v1/jobs?limit=2&status=pending" + (next == null ? "" : "&next=" + enc(next)));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      r.json().path("jobs").forEach(j -> listed.add(j.path("id").asText()));
      next = r.header("X-Next-Cursor");
    } while (next != null);

    assertThat(listed).doesNotHaveDuplicates().containsSubsequence(submitted);
  }

  @Test
  void aBadParameterIsA400NamingIt() {
    String leader = c.leader().apiAddress().toString();
    String[][] cases = {
        {"/v1/tasks?limit=0", "limit"}, {"/v1/tasks?limit=10001", "limit"}, {"/v1/jobs?limit=ten", "limit"},
        {"/v1/tasks?state=sleeping", "state"}, {"/v1/jobs?status=done", "status"}, {"/v1/tasks?next=not-a-cursor", "next"}};
    for (String[] k : cases) {
      HttpApi.Reply r = c.http().get(leader, k[0]);
      assertThat(r.status()).as(k[0] + ": " + r.text()).isEqualTo(400);
      JsonNode body = r.json();
      assertThat(body.path("code").asText()).isEqualTo("bad_request");
      assertThat(body.path("error").asText()).as(k[0]).startsWith(k[1] + " ");
    }
    assertThat(c.http().get(leader, "/v1/tasks?limit=10000").status()).as("the maximum itself is fine").isEqualTo(200);
  }
}
