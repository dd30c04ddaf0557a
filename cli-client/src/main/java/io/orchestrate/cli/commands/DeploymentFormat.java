package io.orchestrate.cli.commands;

import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentGroup;

/** One line per deployment, as `deployments`, `restart` and `status` print it. */
public final class DeploymentFormat {
  private DeploymentFormat() {}

  /** "d42 update v1->v2 running api 1/3 placed, 0 healthy, 0 unhealthy", and why it failed. */
  public static String line(Deployment d) {
    StringBuilder b = new StringBuilder();
    b.append(d.id()).append(' ').append(d.kind()).append(" v").append(d.fromVersion()).append("->v").append(d.toVersion()).append(' ')
        .append(d.status().wire());
    for (DeploymentGroup g : d.groups()) {
      b.append(" | ").append(g.group()).append(' ').append(g.placed().size()).append('/').append(g.desired()).append(" placed, ")
          .append(g.healthy().size()).append(" healthy, ").append(g.unhealthy().size()).append(" unhealthy");
    }
    if (d.reason() != null) b.append(" | ").append(d.reason());
    if (d.revertedTo() > 0) b.append(" | reverted to version ").append(d.revertedTo());
    return b.toString();
  }
}
