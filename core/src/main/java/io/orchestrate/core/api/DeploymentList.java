package io.orchestrate.core.api;

import io.orchestrate.core.model.Deployment;
import java.util.List;

/** {@code GET /v1/deployments}: newest first. */
public record DeploymentList(List<Deployment> deployments) {
  public DeploymentList {
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
  }
}
