package io.orchestrate.cli;

import io.orchestrate.client.ClusterUnavailableException;
import io.orchestrate.client.MalformedAnswerException;
import io.orchestrate.client.RequestRejectedException;
import io.orchestrate.core.spec.InvalidSpecException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into one line on stderr and an exit code ({@link ExitCodes}). Usage
 * errors never get here: picocli handles a {@code ParameterException} itself and exits with 2.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof RequestRejectedException r) {
      err.println("error: " + r.getMessage() + " [" + r.code().wire() + ", HTTP " + r.status() + " from " + r.manager() + "]");
      return ExitCodes.REJECTED;
    }
    if (ex instanceof ClusterUnavailableException u) {
      err.println("error: " + u.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
    if (ex instanceof InvalidSpecException s) {
      err.println("error: invalid job: " + s.getMessage());
      return ExitCodes.REJECTED;
    }
    if (ex instanceof io.orchestrate.security.TlsException t) {
      // Certificate files that cannot be used: the message names the file and what is wrong.
      err.println("error: " + t.getMessage());
      return ExitCodes.REJECTED;
    }
    if (ex instanceof MalformedAnswerException m) {
      err.println("error: " + m.getMessage());
      return ExitCodes.REJECTED;
    }
    // A bug: say so with the stack trace rather than a bare message nobody can act on.
    err.println("error: unexpected " + ex);
    ex.printStackTrace(err);
    return ExitCodes.REJECTED;
  }
}
