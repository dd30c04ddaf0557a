package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.Reply;
import io.orchestrate.client.Table;
import io.orchestrate.core.api.JobPlanView;
import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.UpdatePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate plan -f job.yaml}: a dry run of {@code run}. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
        "Show what `run -f FILE` would do, without changing anything: the diff against the live version of the job of"
            + " that name (the fields changed, group by group), the tasks that would be created, replaced and stopped,"
            + " and whether every new task fits a ready node now (the scheduler's reason for each that does not).",
        "A group with an update block is replaced by a rolling deployment (so many tasks at a time, start-first or"
            + " stop-first); a change of count alone scales it, the other tasks keep running.",
        "Exit code 0 whether or not the tasks fit; 1 when the file is refused."})
public final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The job file, YAML or JSON.")
  Path file;

  @Override
  public Integer call() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--file: " + file + " does not exist");
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--file: cannot read " + file + ": " + e.getMessage());
    }
    try {
      JobFiles.parse(content);
    } catch (InvalidSpecException e) {
      client.err().println("error: job file " + file + " is not valid: " + e.getMessage());
      return ExitCodes.REJECTED;
    }
    Reply<JobPlanView> plan = client.client().planJob(content);
    return client.print(plan, this::describe);
  }

  private void describe(JobPlanView p) {
    if (p.jobId() == null) {
      client.out().println("job " + p.name() + ": new job, version 1");
    } else if (p.unchanged()) {
      client.out().println("job " + p.name() + " (" + p.jobId() + "): unchanged, version " + p.fromVersion() + "; running the file changes nothing");
      return;
    } else {
      client.out().println("job " + p.name() + " (" + p.jobId() + "): version " + p.fromVersion() + " -> " + p.toVersion());
    }
    if (p.jobChanges() != null) for (String c : p.jobChanges()) client.out().println("job: " + c);
    Table t = new Table("GROUP", "CHANGE", "COUNT", "FIELDS", "CREATE", "STOP");
    for (JobPlanView.Group g : p.groups()) {
      String count = g.fromCount() == g.toCount() ? String.valueOf(g.toCount()) : g.fromCount() + " -> " + g.toCount();
      t.row(g.name(), g.rolling() != null ? "rolling" : g.change(), count, g.fields().isEmpty() ? "-" : String.join(", ", g.fields()), g.create(), g.stop());
    }
    t.print(client.out());
    for (JobPlanView.Group g : p.groups()) {
      String effect = effect(g);
      if (effect != null) client.out().println(g.name() + ": " + effect);
    }
    client.out().println("tasks: " + p.create() + " created (" + p.replace() + " of them replacing), " + p.stop() + " stopped");
    if (p.placeable()) {
      client.out().println("placement: every new task fits a ready node now");
    } else {
      client.out().println("placement: " + p.unplaced().size() + " new task(s) would not fit now:");
      for (String u : p.unplaced()) client.out().println("  " + u);
    }
  }

  /** What the change does to a group's tasks, in words; null for a group it leaves alone. */
  static String effect(JobPlanView.Group g) {
    UpdatePolicy u = g.rolling();
    if (u != null) {
      String what = g.create() == g.stop() ? tasks(g.create()) + " replaced" : tasks(g.stop()) + " replaced by " + g.create() + " new";
      return "rolling: " + what + " " + u.maxParallel() + " at a time, " + u.order() + " (each healthy for " + u.minHealthySeconds()
          + "s within " + u.healthyDeadlineSeconds() + "s, or " + (u.autoRevert() ? "the job is reverted" : "the deployment fails") + ")";
    }
    return switch (g.change()) {
      case "replaced" -> "replaced at once: " + g.stop() + " stopped, " + g.create() + " created (no update block)";
      case "scaled" -> "scale " + g.fromCount() + " -> " + g.toCount() + ": "
          + (g.create() > 0 ? g.create() + " created" : g.stop() + " stopped") + ", the others keep running";
      case "added" -> "added: " + g.create() + " created";
      case "removed" -> "removed: " + g.stop() + " stopped";
      default -> g.fields().isEmpty() ? null : String.join(", ", g.fields()) + " changed: no task is touched";
    };
  }

  private static String tasks(int n) {
    return n + (n == 1 ? " task" : " tasks");
  }
}
