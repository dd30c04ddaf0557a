package io.orchestrate.cli.commands;

import io.orchestrate.cli.ExitCodes;
import io.orchestrate.security.CertificateAuthority;
import io.orchestrate.security.CertificateInfo;
import io.orchestrate.security.TlsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate tls init --dir D}: creates the cluster CA, never over an existing one. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
        "Create the cluster CA: DIR/ca.crt (give it to every manager, worker and client) and DIR/ca.key"
            + " (mode 0600; keep it off the cluster's hosts, it signs every certificate).",
        "Refuses to overwrite an existing CA."})
public final class TlsInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory for ca.crt and ca.key (created if missing).")
  Path dir;

  @Option(names = "--days", defaultValue = "3650", paramLabel = "DAYS", description = "How long the CA is valid (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--name", defaultValue = CertificateAuthority.DEFAULT_NAME, paramLabel = "NAME",
      description = "The CA's common name (default: ${DEFAULT-VALUE}).")
  String name;

  @Override
  public Integer call() {
    if (days <= 0) throw new ParameterException(spec.commandLine(), "--days must be at least 1 (was " + days + ")");
    PrintWriter out = spec.commandLine().getOut();
    try {
      CertificateAuthority ca = CertificateAuthority.init(dir, name, Duration.ofDays(days), Instant.now());
      out.println("created the cluster CA '" + name + "' in " + dir + ", valid until " + ca.certificate().getNotAfter().toInstant());
      out.println("  " + dir.resolve(CertificateAuthority.CERT_FILE) + "  give to every manager, worker and client (--ca)");
      out.println("  " + dir.resolve(CertificateAuthority.KEY_FILE) + "  secret: signs every certificate; keep it off the cluster's hosts");
      out.println("  SHA-256 " + CertificateInfo.fingerprint(ca.certificate()));
      out.flush();
      return ExitCodes.OK;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
    } catch (TlsException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return ExitCodes.REJECTED;
    }
  }
}
