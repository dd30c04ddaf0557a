package io.orchestrate.manager.state;

import io.orchestrate.core.model.Job;
import java.util.Comparator;

/**
 * A job's place in the job listing: submission order, ties broken by id. Both fields are fixed when
 * the job is created, so a job never moves in the listing and a cursor naming a key stays a valid
 * position whatever is added or removed around it.
 */
public record JobKey(long createdAtMillis, String id) implements Comparable<JobKey> {
  private static final Comparator<JobKey> ORDER = Comparator.comparingLong(JobKey::createdAtMillis).thenComparing(JobKey::id);

  public static JobKey of(Job j) {
    return new JobKey(j.createdAtMillis(), j.id());
  }

  @Override
  public int compareTo(JobKey o) {
    return ORDER.compare(this, o);
  }
}
