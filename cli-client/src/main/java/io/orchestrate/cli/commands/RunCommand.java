package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.DurationConverter;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.cli.OrchestrateCommand;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Reply;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate run -f FILE}: validates the job file here, submits it once (whatever the retries), prints the job id. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Submit a job file and print the job's id.",
        "A job is identified by its name among live jobs: a file whose name a live job has makes a new version of it"
            + " (a count change starts or stops only the difference; any other change to a group replaces its tasks), and the"
            + " live version's file again changes nothing and says so (`plan -f FILE` shows what a file would do).",
        "The file is validated locally first, so a mistake is reported with the field's name before any manager"
            + " is contacted. The request carries an idempotency key, so retries after a lost answer or a leader"
            + " change never create a second job."})
public final class RunCommand implements Callable<Integer> {
  /** Header values must be visible ASCII; the length keeps keys cheap to store on every manager. */
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The job file, YAML or JSON.")
  Path file;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "Submitting again with the same key returns the job the first submission created instead of a new"
          + " one (1-128 visible ASCII characters). Default: a random key for this invocation.")
  String idempotencyKey;

  @Option(
      names = "--wait",
      description = "After submitting, wait until every task is running or the job has completed; exit 1 if the job"
          + " fails, is stopped, or is not running within --wait-timeout. A job file with update blocks is followed through its"
          + " deployment: exit 0 only once it succeeded, 1 (naming the first failing task) when it failed or was reverted.")
  boolean await;

  @Option(
      names = "--wait-timeout",
      defaultValue = "2m",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  Duration waitTimeout;

  @Override
  public Integer call() {
    byte[] content = readFile();
    JobSpec job;
    try {
      job = JobFiles.parse(content);
    } catch (InvalidSpecException e) {
      client.err().println("error: job file " + file + " is not valid: " + e.getMessage());
      return ExitCodes.REJECTED;
    }
    String key = idempotencyKey != null ? checkedKey(idempotencyKey) : UUID.randomUUID().toString();
    ManagersClient managers = client.client();
    Reply<JobView> submitted = managers.submitJob(content, key);
    String id = submitted.value().id();
    if (!client.structured()) versionNote(submitted.value());
    if (!await) {
      return client.print(submitted, v -> client.out().println(v.id()));
    }
    if (!client.structured()) {
      client.out().println(id);
      client.out().flush();
    }
    // A version rolled out by a deployment is done when the deployment succeeded, not when its tasks run.
    Integer version = submitted.value().version();
    if (version != null && !Boolean.TRUE.equals(submitted.value().unchanged()) && job.tasks().stream().anyMatch(t -> t.update() != null)) {
      DeploymentWait.Outcome rolled = new DeploymentWait(managers, OrchestrateCommand.environment(spec).time(), client.err())
          .await(id, version, waitTimeout);
      if (rolled.found()) {
        if (client.structured()) {
          client.printDocument(managers.job(id).prettyJson());
          client.out().flush();
        }
        return rolled.ok() ? ExitCodes.OK : ExitCodes.REJECTED;
      }
    }
    JobWait wait = new JobWait(managers, OrchestrateCommand.environment(spec).time(), client.err());
    JobWait.Outcome outcome = wait.await(id, job.instanceCount(), waitTimeout);
    if (client.structured()) {
      client.printDocument(outcome.last().prettyJson());
      client.out().flush();
    }
    return outcome.ok() ? ExitCodes.OK : ExitCodes.REJECTED;
  }

  /** On standard error, so that standard output stays the job id that scripts read. */
  private void versionNote(JobView v) {
    if (v.version() == null) return;
    if (Boolean.TRUE.equals(v.unchanged())) {
      client.err().println("job " + v.name() + " unchanged, version " + v.version() + ": no task was started or stopped");
    } else if (v.version() > 1) {
      client.err().println("job " + v.name() + " is at version " + v.version() + " (`job history " + v.name() + "` shows what changed)");
    }
    client.err().flush();
  }

  private byte[] readFile() {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--file: " + file + " does not exist");
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--file: cannot read " + file + ": " + e.getMessage());
    }
  }

  private String checkedKey(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new ParameterException(spec.commandLine(), "--idempotency-key must be 1-128 visible ASCII characters, without spaces");
    }
    return key;
  }
}
