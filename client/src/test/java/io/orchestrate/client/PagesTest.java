package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskList;
import io.orchestrate.core.api.TaskView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client follows the listing's cursor from page to page, against a fake manager that pages like the real one. */
class PagesTest {
  private final ManualTime time = new ManualTime();
  private final List<FakeManager> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(FakeManager::close);
  }

  private FakeManager manager(String id) {
    FakeManager m = FakeManager.start(id);
    started.add(m);
    return m;
  }

  private ManagersClient client(FakeManager... ms) {
    List<String> addresses = new ArrayList<>();
    for (FakeManager m : ms) addresses.add(m.address());
    return new ManagersClient(addresses, ClientSettings.defaults(), time);
  }

  private static TaskView task(int i) {
    return new TaskView(String.format("t-%03d", i), "j-1", "app", i, "RUNNING", "n1", 0, null, null, null, "2024-01-01T00:00:00Z", 0, null, null);
  }

  /** Serves {@code total} tasks, a page of {@code limit} (default 1000) after cursor "c<i>", the cursor in X-Next-Cursor. */
  private static FakeManager servesTasks(FakeManager m, int total) {
    return m.route("GET", "/v1/tasks", req -> {
      int limit = req.param("limit") == null ? 1000 : Integer.parseInt(req.param("limit"));
      int from = req.param("next") == null ? 0 : Integer.parseInt(req.param("next").substring(1));
      List<TaskView> page = new ArrayList<>();
      for (int i = from; i < Math.min(total, from + limit); i++) page.add(task(i));
      int end = from + page.size();
      return FakeManager.reply(200, end < total ? Map.of("X-Next-Cursor", "c" + end) : Map.of(), new TaskList(page));
    });
  }

  private static List<String> ids(Pages<TaskView> pages) {
    List<String> out = new ArrayList<>();
    while (pages.hasNext()) pages.next().items().forEach(t -> out.add(t.id()));
    return out;
  }

  @Test
  void followsTheCursorUntilTheLastPageAndSendsFiltersWithEveryRequest() {
    FakeManager m = servesTasks(manager("m1"), 25);

    List<String> listed = ids(client(m).taskPages(TaskFilter.all().withJob("web app").withNode("n1").withState("running").withPageSize(10),
        Long.MAX_VALUE));

    assertThat(listed).hasSize(25).doesNotHaveDuplicates().startsWith("t-000").endsWith("t-024");
    assertThat(m.requests()).hasSize(3);
    assertThat(m.requests()).extracting(r -> r.param("next")).containsExactly(null, "c10", "c20");
    assertThat(m.requests()).allSatisfy(r -> {
      assertThat(r.param("job")).isEqualTo("web app");
      assertThat(r.param("node")).isEqualTo("n1");
      assertThat(r.param("state")).isEqualTo("running");
      assertThat(r.param("limit")).isEqualTo("10");
    });
  }

  @Test
  void aPageIsFetchedOnlyWhenAskedFor() {
    FakeManager m = servesTasks(manager("m1"), 2500);
    Pages<TaskView> pages = client(m).taskPages(TaskFilter.all(), Long.MAX_VALUE);

    Page<TaskView> first = pages.next();

    assertThat(first.items()).hasSize(1000);
    assertThat(first.next()).isEqualTo("c1000");
    assertThat(m.requests()).as("nothing is read ahead").hasSize(1);
    assertThat(m.requests().get(0).query()).as("a plain listing is a plain request").isNull();
  }

  @Test
  void maxItemsAsksOnlyForWhatIsStillWantedAndEndsThere() {
    FakeManager m = servesTasks(manager("m1"), 100);

    List<String> listed = ids(client(m).taskPages(TaskFilter.all().withPageSize(10), 25));

    assertThat(listed).hasSize(25).endsWith("t-024");
    assertThat(m.requests()).extracting(r -> r.param("limit")).containsExactly("10", "10", "5");
  }

  @Test
  void aManagerFromBeforePagingAnswersEverythingOnceAndMaxItemsStillHolds() {
    List<TaskView> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) all.add(task(i));
    FakeManager old = manager("m1").answer("GET", "/v1/tasks", 200, new TaskList(all));

    assertThat(ids(client(old).taskPages(TaskFilter.all(), Long.MAX_VALUE))).hasSize(30);
    assertThat(ids(client(old).taskPages(TaskFilter.all(), 7))).hasSize(7);
  }

  @Test
  void aCursorAnsweredWithItselfIsAMalformedAnswerNotAnEndlessLoop() {
    FakeManager m = manager("m1").route("GET", "/v1/tasks",
        req -> FakeManager.reply(200, Map.of("X-Next-Cursor", "same"), new TaskList(List.of(task(0)))));
    Pages<TaskView> pages = client(m).taskPages(TaskFilter.all(), Long.MAX_VALUE);
    pages.next();

    assertThatThrownBy(pages::next).isInstanceOf(MalformedAnswerException.class).hasMessageContaining("same cursor");
  }

  @Test
  void aFollowerRedirectKeepsTheCursorAndTheListingGoesOnAtTheLeader() {
    FakeManager leader = servesTasks(manager("m1"), 15);
    FakeManager follower = manager("m2").followerOf(leader);

    List<String> listed = ids(client(follower).taskPages(TaskFilter.all().withPageSize(10), Long.MAX_VALUE));

    assertThat(listed).hasSize(15);
    assertThat(leader.requests()).extracting(r -> r.param("next")).containsExactly(null, "c10");
    assertThat(follower.requests()).as("the second page goes straight to the manager that answered").hasSize(1);
  }

  @Test
  void allTasksConcatenatesThePages() {
    FakeManager m = servesTasks(manager("m1"), 2001);

    assertThat(client(m).allTasks(TaskFilter.all().withJob("j-1"))).hasSize(2001);
    assertThat(m.requests()).hasSize(3);
  }

  @Test
  void jobPagesFollowTheCursorWithTheStatusFilter() {
    JobView a = new JobView("j-a", "a", "stopped", "2024-01-01T00:00:00Z", null, null, List.of());
    JobView b = new JobView("j-b", "b", "stopped", "2024-01-01T00:00:01Z", null, null, List.of());
    FakeManager m = manager("m1").route("GET", "/v1/jobs", req -> req.param("next") == null
        ? FakeManager.reply(200, Map.of("X-Next-Cursor", "after-a"), new JobList(List.of(a)))
        : FakeManager.reply(200, Map.of(), new JobList(List.of(b))));

    Pages<JobView> pages = client(m).jobPages(JobFilter.all().withStatus("stopped").withPageSize(1), Long.MAX_VALUE);
    List<String> ids = new ArrayList<>();
    while (pages.hasNext()) pages.next().items().forEach(j -> ids.add(j.id()));

    assertThat(ids).containsExactly("j-a", "j-b");
    assertThat(m.requests()).extracting(r -> r.param("status")).containsOnly("stopped");
    assertThat(m.requests().get(1).param("next")).isEqualTo("after-a");
  }

  @Test
  void aPageSizeOutsideTheApisRangeIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> TaskFilter.all().withPageSize(0)).hasMessageContaining("pageSize");
    assertThatThrownBy(() -> JobFilter.all().withPageSize(10_001)).hasMessageContaining("pageSize");
  }
}
