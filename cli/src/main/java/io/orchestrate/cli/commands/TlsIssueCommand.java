package io.orchestrate.cli.commands;

import io.orchestrate.cli.ExitCodes;
import io.orchestrate.security.CertificateAuthority;
import io.orchestrate.security.IssuedCertificate;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsException;
import io.orchestrate.security.TlsFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate tls issue --dir D --role R --name ID}: a certificate and key signed by the CA in D. */
@Command(
    name = "issue",
    mixinStandardHelpOptions = true,
    description = {
        "Issue a certificate from the CA in DIR: writes DIR/NAME.crt and DIR/NAME.key (mode 0600), replacing"
            + " earlier ones for the same name (that is how a certificate is renewed: running processes"
            + " read their files again when they change).",
        "A manager's certificate needs --host with every DNS name and IP address it is dialed by: workers,"
            + " clients and other managers check it. A worker's name must be its node id."})
public final class TlsIssueCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory holding ca.crt and ca.key; the new files go here too.")
  Path dir;

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "manager, worker or client.")
  String role;

  @Option(names = "--name", required = true, paramLabel = "ID",
      description = "The holder's name: the manager id, the worker's node id, or a client's name ([A-Za-z0-9][A-Za-z0-9._-]{0,127}).")
  String name;

  @Option(names = "--host", split = ",", paramLabel = "HOST",
      description = "DNS names and IP addresses the holder is reached at, comma-separated (required for a manager).")
  List<String> hosts;

  @Option(names = "--days", defaultValue = "90", paramLabel = "DAYS", description = "How long the certificate is valid (default: ${DEFAULT-VALUE}).")
  int days;

  @Override
  public Integer call() {
    if (days <= 0) throw new ParameterException(spec.commandLine(), "--days must be at least 1 (was " + days + ")");
    Role r;
    IssuedCertificate issued;
    try {
      r = Role.parse(role);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    try {
      CertificateAuthority ca = CertificateAuthority.load(dir);
      issued = ca.issue(r, name, hosts, Duration.ofDays(days), Instant.now());
    } catch (IllegalArgumentException e) {
      // The library names the field as the option does: "name ...", "host ...".
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
    } catch (TlsException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return ExitCodes.REJECTED;
    }
    try {
      TlsFiles files = issued.writeTo(dir);
      PrintWriter out = spec.commandLine().getOut();
      out.println("issued a " + r.wire() + " certificate for " + name
          + (hosts == null || hosts.isEmpty() ? "" : " (hosts " + String.join(", ", hosts) + ")")
          + ", valid until " + issued.certificate().getNotAfter().toInstant() + " (" + days + " days)");
      out.println("  --ca " + files.ca() + " --cert " + files.cert() + " --key " + files.key());
      out.flush();
      return ExitCodes.OK;
    } catch (TlsException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return ExitCodes.REJECTED;
    }
  }
}
