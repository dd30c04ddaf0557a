package io.orchestrate.manager.service;

import static io.orchestrate.manager.service.Images.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.JobView;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobPagesTest {

  private static List<Page<JobView>> pages(StateImage s, JobQuery first, int maxTasks) {
    List<Page<JobView>> out = new ArrayList<>();
    JobQuery q = first;
    while (true) {
      Page<JobView> p = JobPages.page(s, q, PageLimits.SCAN_BUDGET, maxTasks);
      out.add(p);
      if (p.next() == null) return out;
      q = new JobQuery(q.status(), Cursor.job(p.next(), "next"), q.limit());
    }
  }

  private static List<String> ids(List<Page<JobView>> pages) {
    return pages.stream().flatMap(p -> p.items().stream()).map(JobView::id).toList();
  }

  @Test
  void pagesFollowSubmissionOrderAndEndWithoutACursor() {
    StateImage s = StateImage.EMPTY;
    s = Images.withJob(s, Images.job("j-c", "first", T0, 1));
    s = Images.withJob(s, Images.job("j-a", "second", T0 + 5, 1));
    s = Images.withJob(s, Images.job("j-b", "third", T0 + 5, 1));

    List<Page<JobView>> pages = pages(s, JobQuery.all(2), PageLimits.MAX_TASKS_PER_JOB_PAGE);

    assertThat(ids(pages)).containsExactly("j-c", "j-a", "j-b");
    assertThat(pages).extracting(p -> p.items().size()).containsExactly(2, 1);
    assertThat(ids(pages)).isEqualTo(s.jobsInOrder().stream().map(Job::id).toList());
    assertThat(pages.get(0).items().get(0).tasks()).as("summaries keep their tasks").hasSize(1);
    assertThat(pages.get(0).items().get(0).spec()).as("and leave out the spec").isNull();
  }

  @Test
  void jobsSubmittedBetweenPagesCauseNoGapNorDuplicate() {
    StateImage s = Images.jobs(25);
    Set<String> before = new HashSet<>(s.jobs().keySet());
    List<String> listed = new ArrayList<>();
    JobQuery q = JobQuery.all(4);
    for (int n = 0; ; n++) {
      Page<JobView> p = JobPages.page(s, q);
      p.items().forEach(j -> listed.add(j.id()));
      if (p.next() == null) break;
      // One job sorts before everything listed so far (an earlier clock), one after.
      s = Images.withJob(s, Images.job("j-early-" + n, "e", T0 - 100 - n, 1));
      s = Images.withJob(s, Images.job("j-late-" + n, "l", T0 + 1000 + n, 1));
      q = new JobQuery(null, Cursor.job(p.next(), "next"), 4);
    }

    assertThat(listed).doesNotHaveDuplicates().containsAll(before).noneMatch(id -> id.startsWith("j-early-"));
    assertThat(listed).as("jobs submitted later are listed when the listing reaches them").anyMatch(id -> id.startsWith("j-late-"));
  }

  @Test
  void statusFilterDerivesEachJobsStatus() {
    StateImage s = Images.jobs(4);
    s = s.withJob(s.jobs().get("j-00001").stop(T0 + 9, 2));
    s = s.withTask(s.tasks().get("j-00002-t0").placed("n1", T0, 3).reported(TaskState.RUNNING, null, 0, "c", null, null, T0, 4));

    assertThat(ids(pages(s, new JobQuery("stopped", null, 1), 100))).containsExactly("j-00001");
    assertThat(ids(pages(s, new JobQuery("running", null, 1), 100))).containsExactly("j-00002");
    assertThat(ids(pages(s, new JobQuery("pending", null, 1), 100))).containsExactly("j-00000", "j-00003");
  }

  @Test
  void aPageEndsOnceItsJobsHoldTheTaskCap() {
    StateImage s = StateImage.EMPTY;
    for (int i = 0; i < 5; i++) s = Images.withJob(s, Images.job("j-" + i, "n" + i, T0 + i, i == 2 ? 30 : 5));

    List<Page<JobView>> pages = pages(s, JobQuery.all(100), 10);

    assertThat(pages).extracting(p -> p.items().stream().map(JobView::id).toList())
        .containsExactly(List.of("j-0", "j-1"), List.of("j-2"), List.of("j-3", "j-4"));
  }
}
