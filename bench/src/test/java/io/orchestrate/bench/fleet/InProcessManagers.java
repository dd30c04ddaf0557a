package io.orchestrate.bench.fleet;

import io.orchestrate.localcluster.LocalCluster;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Managers in the test's JVM ({@link LocalCluster}): the fleet bench end to end without a fat jar
 * to start child processes from. A kill closes a manager without any graceful step; there is no
 * heap or pid of its own to weigh.
 */
final class InProcessManagers implements FleetManagers {
  private final LocalCluster cluster;

  InProcessManagers(Path root, int managers) {
    this.cluster = LocalCluster.builder(root).managers(managers).deleteOnClose(true).start();
  }

  @Override
  public List<String> ids() {
    return cluster.ids();
  }

  @Override
  public List<String> apis() {
    return cluster.apis();
  }

  @Override
  public String api(String id) {
    return cluster.api(id);
  }

  @Override
  public List<String> gateways() {
    return Arrays.asList(cluster.gateways().split(","));
  }

  @Override
  public void kill(String id) {
    cluster.kill(id);
  }

  @Override
  public void restart(String id) {
    cluster.restart(id);
  }

  @Override
  public OptionalLong pid(String id) {
    return OptionalLong.empty();
  }

  @Override
  public String describe() {
    return cluster.ids().size() + " managers in this JVM";
  }

  @Override
  public void close() {
    cluster.close();
  }
}
