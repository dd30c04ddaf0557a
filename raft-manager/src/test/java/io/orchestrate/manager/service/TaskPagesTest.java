package io.orchestrate.manager.service;

import static io.orchestrate.manager.service.Images.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TaskPagesTest {

  /** Follows cursors from the first page; {@code between} may change the state before each next page. */
  private static List<TaskView> all(StateImage[] state, TaskQuery first, UnaryOperator<StateImage> between, List<Page<TaskView>> pages) {
    List<TaskView> out = new ArrayList<>();
    TaskQuery q = first;
    for (int n = 0; n < 100_000; n++) {
      Page<TaskView> p = TaskPages.page(state[0], q);
      pages.add(p);
      out.addAll(p.items());
      if (p.next() == null) return out;
      state[0] = between.apply(state[0]);
      q = new TaskQuery(q.job(), q.node(), q.state(), Cursor.task(p.next(), "next"), q.limit());
    }
    throw new AssertionError("the listing did not end");
  }

  private static List<TaskView> all(StateImage s, TaskQuery first) {
    return all(new StateImage[] {s}, first, x -> x, new ArrayList<>());
  }

  private static List<String> ids(List<TaskView> views) {
    return views.stream().map(TaskView::id).toList();
  }

  @Test
  void pagesConcatenateToTheWholeListingOrderedByJobThenSlot() {
    StateImage s = StateImage.EMPTY;
    s = Images.withJob(s, Images.job("j-b", "web", T0, 2, 1));
    s = Images.withJob(s, Images.job("j-a", "db", T0 + 1, 3));
    List<Page<TaskView>> pages = new ArrayList<>();

    List<TaskView> listed = all(new StateImage[] {s}, TaskQuery.all(2), x -> x, pages);

    assertThat(listed).extracting(t -> t.jobId() + "/" + t.name() + "/" + t.index())
        .containsExactly("j-a/app/0", "j-a/app/1", "j-a/app/2", "j-b/g0/0", "j-b/g0/1", "j-b/g1/0");
    assertThat(pages).extracting(p -> p.items().size()).containsExactly(2, 2, 2);
    assertThat(pages.get(2).next()).as("the last full page knows nothing follows").isNull();
  }

  @Test
  void aListingHasNoGapsNorDuplicatesWhenJobsArriveBetweenPages() {
    Random rnd = new Random(7);
    StateImage s = StateImage.EMPTY;
    for (int i = 0; i < 60; i++) s = Images.withJob(s, Images.job("j-" + Long.toHexString(rnd.nextLong()), "a" + i, T0 + i, 1 + rnd.nextInt(3)));
    Set<String> before = new HashSet<>(s.tasks().keySet());
    int[] added = {0};
    UnaryOperator<StateImage> submitOne = img -> Images.withJob(img,
        Images.job("j-" + Long.toHexString(rnd.nextLong()), "late" + added[0]++, T0 + 1000 + added[0], 1 + rnd.nextInt(3)));
    StateImage[] state = {s};

    List<String> listed = ids(all(state, TaskQuery.all(7), submitOne, new ArrayList<>()));

    assertThat(added[0]).as("jobs were submitted during the listing").isGreaterThan(10);
    assertThat(listed).doesNotHaveDuplicates().containsAll(before);
    List<String> inOrder = new ArrayList<>();
    state[0].order().tasksAfter(null).forEachRemaining(k -> inOrder.add(k.id()));
    assertThat(inOrder).as("what was listed is a subsequence of the final order").containsSubsequence(listed);
  }

  @Test
  void jobFilterReadsOnlyThatJobAndEndsWithIt() {
    StateImage s = Images.jobs(5);
    s = Images.withJob(s, Images.job("j-00002x", "big", T0 + 50, 4));
    List<Page<TaskView>> pages = new ArrayList<>();

    List<TaskView> listed = all(new StateImage[] {s}, new TaskQuery("big", null, null, null, 2), x -> x, pages);

    assertThat(listed).extracting(TaskView::jobId).containsOnly("j-00002x").hasSize(4);
    assertThat(pages).hasSize(2);
    assertThat(pages.get(1).next()).as("the next key belongs to another job").isNull();
  }

  @Test
  void anUnknownJobIsNotFound() {
    assertThatThrownBy(() -> TaskPages.page(Images.jobs(2), new TaskQuery("nope", null, null, null, 10)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
          assertThat(e.getMessage()).contains("'nope'");
        });
  }

  @Test
  void aJobNamedByItsNameStaysTheJobTheCursorIsIn() {
    StateImage s = Images.withJob(StateImage.EMPTY, Images.job("j-1", "web", T0, 3));
    Page<TaskView> first = TaskPages.page(s, new TaskQuery("web", null, null, null, 2));
    s = Images.withJob(s, Images.job("j-2", "web", T0 + 10, 3)); // a newer "web" arrives between pages

    Page<TaskView> second = TaskPages.page(s, new TaskQuery("web", null, null, Cursor.task(first.next(), "next"), 2));

    assertThat(second.items()).extracting(TaskView::id).containsExactly("j-1-t2");
    assertThat(second.next()).isNull();
    assertThat(TaskPages.page(s, new TaskQuery("web", null, null, null, 10)).items())
        .as("a new listing by name starts on the newest job").extracting(TaskView::jobId).containsOnly("j-2");
  }

  /** Three tasks placed on n1: one RUNNING, one COMPLETED (no longer in the node's index), one LOST; and one on n2. */
  private static StateImage placed() {
    StateImage s = Images.withJob(StateImage.EMPTY, Images.job("j-1", "web", T0, 5));
    s = s.withTask(task(s, "j-1-t0").placed("n1", T0, 2).reported(TaskState.RUNNING, null, 0, "c0", null, null, T0, 3));
    s = s.withTask(task(s, "j-1-t1").placed("n1", T0, 2).reported(TaskState.COMPLETED, "exit 0", 0, "c1", 0, null, T0, 3));
    s = s.withTask(task(s, "j-1-t2").placed("n1", T0, 2).withState(TaskState.LOST, "node down", T0, 3));
    s = s.withTask(task(s, "j-1-t3").placed("n2", T0, 2).reported(TaskState.RUNNING, null, 0, "c3", null, null, T0, 3));
    return s;
  }

  private static Task task(StateImage s, String id) {
    return s.tasks().get(id);
  }

  @Test
  void nodeFilterMatchesTasksPlacedThereInAnyState() {
    StateImage s = placed();

    assertThat(ids(all(s, new TaskQuery(null, "n1", null, null, 1)))).containsExactly("j-1-t0", "j-1-t1", "j-1-t2");
    assertThat(ids(all(s, new TaskQuery(null, "n1", TaskState.COMPLETED, null, 10)))).containsExactly("j-1-t1");
    assertThat(ids(all(s, new TaskQuery(null, "n9", null, null, 10)))).isEmpty();
  }

  @Test
  void nodeAndAPlacedStateReadTheNodesIndexAndPageThroughIt() {
    StateImage s = placed();
    s = s.withTask(task(s, "j-1-t4").placed("n1", T0, 4));
    List<Page<TaskView>> pages = new ArrayList<>();

    List<TaskView> running = all(new StateImage[] {s}, new TaskQuery(null, "n1", TaskState.RUNNING, null, 1), x -> x, pages);

    assertThat(ids(running)).containsExactly("j-1-t0");
    assertThat(pages).hasSize(1);
    assertThat(ids(all(s, new TaskQuery("web", "n1", TaskState.SCHEDULED, null, 1)))).containsExactly("j-1-t4");
  }

  @Test
  void stateFilterIsExact() {
    StateImage s = placed();

    assertThat(ids(all(s, new TaskQuery(null, null, TaskState.PENDING, null, 2)))).containsExactly("j-1-t4");
    assertThat(ids(all(s, new TaskQuery(null, null, TaskState.RUNNING, null, 2)))).containsExactly("j-1-t0", "j-1-t3");
  }

  @Test
  void aRareMatchCostsAtMostTheScanBudgetPerPage() {
    StateImage s = Images.jobs(100);
    s = s.withTask(task(s, "j-00095-t0").placed("n1", T0, 2));
    TaskQuery q = new TaskQuery(null, null, TaskState.SCHEDULED, null, 10);
    List<Page<TaskView>> pages = new ArrayList<>();

    List<TaskView> found = new ArrayList<>();
    for (TaskQuery next = q; next != null; ) {
      Page<TaskView> p = TaskPages.scan(s, next, null, 10);
      pages.add(p);
      found.addAll(p.items());
      next = p.next() == null ? null : new TaskQuery(null, null, TaskState.SCHEDULED, Cursor.task(p.next(), "next"), 10);
    }

    assertThat(ids(found)).containsExactly("j-00095-t0");
    assertThat(pages).as("ten pages of ten examined tasks each").hasSize(10);
    assertThat(pages.get(0).items()).as("a page may be empty and still lead on").isEmpty();
    assertThat(pages.get(0).next()).isNotNull();
  }
}
