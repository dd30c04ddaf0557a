package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrate cluster features}. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
        "Show the cluster feature level, the highest level each voting manager supports, and what each level adds.",
        "A new cluster starts at the highest level. An upgraded cluster stays at its level, and a downgrade stays possible,"
            + " until `cluster features upgrade` raises it once every manager runs the new release."},
    subcommands = ClusterFeaturesUpgradeCommand.class)
public final class ClusterFeaturesCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    return client.print(client.client().features(), f -> FeaturesPrinter.print(f, client.out()));
  }
}
