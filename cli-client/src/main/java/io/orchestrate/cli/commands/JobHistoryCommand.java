package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.client.Table;
import io.orchestrate.core.api.JobHistoryView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate job history NAME}: the kept versions, oldest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
        "List a job's kept versions, oldest first: version, when it was submitted, how it came (run, scale, revert) and what"
            + " changed from the version before, group by group (\"api: count 2 -> 3\", \"api: replaced (command)\").",
        "The last 10 versions are kept; `job revert` submits one of them again."})
public final class JobHistoryCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "JOB", description = "The job's name (or id).")
  String job;

  @Override
  public Integer call() {
    return client.print(client.client().jobVersions(job), this::table);
  }

  private void table(JobHistoryView h) {
    client.out().println("job " + h.name() + " (" + h.id() + "), version " + h.version());
    Table t = new Table("VERSION", "SUBMITTED", "HOW", "CHANGES");
    for (JobHistoryView.Version v : h.versions()) {
      String changes = v.changes().isEmpty() ? (v.version() == 1 ? "first version" : "-") : String.join("; ", v.changes());
      t.row((v.version() == h.version() ? "*" : "") + v.version(), v.submittedAt(), v.note() == null ? "run" : v.note(), changes);
    }
    t.print(client.out());
  }
}
