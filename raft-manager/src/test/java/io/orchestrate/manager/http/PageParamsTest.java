package io.orchestrate.manager.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.TaskList;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.manager.service.ApiException;
import io.orchestrate.manager.service.Cursor;
import io.orchestrate.manager.service.PageLimits;
import io.orchestrate.manager.state.JobKey;
import io.orchestrate.manager.state.TaskKey;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageParamsTest {

  /** A GET as the handler decodes it (Netty's QueryStringDecoder keeps parameters in order). */
  private static ApiRequest get(String path, String... nameValues) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) q.put(nameValues[i], List.of(nameValues[i + 1]));
    return new ApiRequest("GET", path, List.of(path.substring(1).split("/")), q, Map.of(), new byte[0]);
  }

  private static void rejected(ApiRequest r, String param, String... mentions) {
    assertThatThrownBy(() -> {
      if (r.uri().equals("/v1/jobs")) PageParams.jobs(r);
      else PageParams.tasks(r);
    }).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(e.getMessage()).startsWith(param + " ");
      for (String m : mentions) assertThat(e.getMessage()).contains(m);
    });
  }

  @Test
  void limitDefaultsAndAcceptsUpToTheMaximum() {
    assertThat(PageParams.tasks(get("/v1/tasks")).limit()).isEqualTo(PageLimits.DEFAULT_LIMIT);
    assertThat(PageParams.tasks(get("/v1/tasks", "limit", "1")).limit()).isEqualTo(1);
    assertThat(PageParams.jobs(get("/v1/jobs", "limit", "10000")).limit()).isEqualTo(PageLimits.MAX_LIMIT);
  }

  @Test
  void aLimitOutOfRangeOrNotANumberIsABadRequestNamingLimit() {
    for (String bad : List.of("0", "-1", "10001", "abc", "", "1.5", "99999999999")) {
      rejected(get("/v1/tasks", "limit", bad), "limit", "1 to 10000", "'" + bad + "'");
      rejected(get("/v1/jobs", "limit", bad), "limit", "1 to 10000");
    }
  }

  @Test
  void stateIsCaseInsensitiveAndAnUnknownOneListsTheKnown() {
    assertThat(PageParams.tasks(get("/v1/tasks", "state", "running")).state()).isEqualTo(TaskState.RUNNING);
    assertThat(PageParams.tasks(get("/v1/tasks", "state", "Lost")).state()).isEqualTo(TaskState.LOST);
    rejected(get("/v1/tasks", "state", "sleeping"), "state", "'sleeping'", "PENDING", "STOPPED");
  }

  @Test
  void jobStatusIsCheckedAgainstTheStatusesAJobCanHave() {
    assertThat(PageParams.jobs(get("/v1/jobs", "status", "Stopped")).status()).isEqualTo("stopped");
    rejected(get("/v1/jobs", "status", "done"), "status", "'done'", "complete");
  }

  @Test
  void filtersAndTheCursorAreParsed() {
    TaskKey k = new TaskKey("j-1", "api", 0, 5, "t-1");
    var q = PageParams.tasks(get("/v1/tasks", "job", "web", "node", "n1", "next", Cursor.of(k)));

    assertThat(q.job()).isEqualTo("web");
    assertThat(q.node()).isEqualTo("n1");
    assertThat(q.after()).isEqualTo(k);
    rejected(get("/v1/tasks", "node", ""), "node", "empty");
    rejected(get("/v1/tasks", "next", "garbage!"), "next");
    rejected(get("/v1/jobs", "next", Cursor.of(k)), "next", "/v1/tasks");
  }

  @Test
  void aPageWithMoreToComeCarriesTheCursorInTwoHeadersAndKeepsItsBodyShape() {
    String next = Cursor.of(new JobKey(1, "j-1"));
    ApiRequest r = get("/v1/tasks", "job", "my web", "limit", "2", "next", "old", "stale", "true");

    ApiResponse more = PageParams.respond(r, "/v1/tasks", new TaskList(List.of()), next);
    ApiResponse last = PageParams.respond(r, "/v1/tasks", new TaskList(List.of()), null);

    assertThat(more.headers()).containsEntry("X-Next-Cursor", next)
        .containsEntry("Link", "</v1/tasks?job=my%20web&limit=2&stale=true&next=" + next + ">; rel=\"next\"");
    assertThat(new String(more.body(), StandardCharsets.UTF_8)).isEqualTo("{\"tasks\":[]}");
    assertThat(last.headers()).isEmpty();
  }
}
