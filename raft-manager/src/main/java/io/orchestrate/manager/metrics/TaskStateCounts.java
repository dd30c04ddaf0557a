package io.orchestrate.manager.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.manager.state.StateImage;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Tasks by state, one gauge per state. The counts come from one walk over the published image's
 * tasks, redone only when a new image was published since the last walk: a scrape after no change
 * costs nothing, and the seven gauges of one scrape share one walk. Any thread (scrapes may
 * overlap); the cached pair is replaced as a whole.
 */
final class TaskStateCounts {
  private record Counted(StateImage image, int[] counts) {}

  private final Supplier<StateImage> image;
  private volatile Counted last;

  private TaskStateCounts(Supplier<StateImage> image) {
    this.image = image;
  }

  static void register(MeterRegistry registry, Supplier<StateImage> image) {
    TaskStateCounts c = new TaskStateCounts(image);
    for (TaskState s : TaskState.values()) {
      // Strong: Micrometer holds a gauge's object weakly, and nothing else holds this one.
      Gauge.builder("orchestrate.tasks.by.state", c, x -> x.count(s)).strongReference(true).tag("state", s.name().toLowerCase(Locale.ROOT))
          .description("tasks in the replicated state by state").register(registry);
    }
  }

  int count(TaskState s) {
    StateImage img = image.get();
    Counted c = last;
    if (c == null || c.image() != img) {
      int[] counts = new int[TaskState.values().length];
      for (Task t : img.tasks().values()) counts[t.state().ordinal()]++;
      c = new Counted(img, counts);
      last = c;
    }
    return c.counts()[s.ordinal()];
  }
}
