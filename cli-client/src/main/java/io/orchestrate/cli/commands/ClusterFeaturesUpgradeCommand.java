package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrate cluster features upgrade}. */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description = {
        "Raise the cluster feature level to the highest every voting manager supports, after a rolling upgrade of every manager.",
        "Refused, naming the managers behind, while one still runs an earlier release or does not answer."
            + " After the raise, managers of an earlier release can no longer join or be rolled back to."})
public final class ClusterFeaturesUpgradeCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    return client.print(client.client().upgradeFeatures(), f -> FeaturesPrinter.print(f, client.out()));
  }
}
