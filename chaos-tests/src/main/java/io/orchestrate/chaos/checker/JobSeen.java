package io.orchestrate.chaos.checker;

/**
 * One job in a read's answer.
 *
 * @param version the job's current version as the answer gave it (a kept version, for {@link OpKind#READ_VERSIONS}); 0 when
 *                the answer did not say
 */
public record JobSeen(String id, String name, boolean stopped, int version) {
  public JobSeen(String id, String name, boolean stopped) {
    this(id, name, stopped, 0);
  }
}
