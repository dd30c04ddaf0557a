package io.orchestrate.cli.commands;

import io.orchestrate.cli.ExitCodes;
import io.orchestrate.cli.OutputFormat;
import io.orchestrate.core.codec.Json;
import io.orchestrate.security.CertificateInfo;
import io.orchestrate.security.Pem;
import io.orchestrate.security.TlsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate tls inspect FILE}: what a certificate (or each of a CA bundle) says and how long it has left. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
        "Print each certificate in a PEM file: role, name, hosts, issuer, serial, validity, days left and"
            + " SHA-256 fingerprint. Exit 1 if one has expired or is not valid yet."})
public final class TlsInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A certificate file (NAME.crt, or ca.crt, which may be a bundle).")
  Path file;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json gives an object, or an array for a bundle.")
  OutputFormat output;

  @Override
  public Integer call() {
    List<X509Certificate> certs;
    try {
      certs = Pem.readCertificates(file);
    } catch (TlsException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return ExitCodes.REJECTED;
    }
    Instant now = Instant.now();
    List<CertificateInfo> infos = certs.stream().map(c -> CertificateInfo.of(c, now)).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      List<Map<String, Object>> docs = infos.stream().map(TlsInspectCommand::json).toList();
      out.println(Json.pretty(docs.size() == 1 ? docs.get(0) : docs));
    } else {
      for (int i = 0; i < infos.size(); i++) {
        if (i > 0) out.println();
        table(out, infos.get(i));
      }
    }
    out.flush();
    return infos.stream().anyMatch(i -> i.expired() || i.notYetValid()) ? ExitCodes.REJECTED : ExitCodes.OK;
  }

  private static void table(PrintWriter out, CertificateInfo i) {
    row(out, "role", i.role() == null ? "none (not an orchestrate certificate)" : i.role());
    row(out, "name", i.name() == null ? "-" : i.name());
    row(out, "hosts", i.hosts().isEmpty() ? "-" : String.join(", ", i.hosts()));
    row(out, "issuer", i.issuer());
    row(out, "serial", i.serial());
    row(out, "not before", i.notBefore().toString());
    row(out, "not after", i.notAfter().toString());
    String left;
    if (i.expired()) {
      left = "EXPIRED at " + i.notAfter();
    } else if (i.notYetValid()) {
      left = "NOT VALID YET (from " + i.notBefore() + ")";
    } else {
      left = String.valueOf(i.daysLeft());
    }
    row(out, "days left", left);
    row(out, "sha256", i.sha256());
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("%-11s %s%n", key + ":", value);
  }

  private static Map<String, Object> json(CertificateInfo i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", i.role());
    m.put("name", i.name());
    m.put("hosts", new ArrayList<>(i.hosts()));
    m.put("subject", i.subject());
    m.put("issuer", i.issuer());
    m.put("serial", i.serial());
    m.put("notBefore", i.notBefore().toString());
    m.put("notAfter", i.notAfter().toString());
    m.put("daysLeft", i.daysLeft());
    m.put("expired", i.expired());
    m.put("notYetValid", i.notYetValid());
    m.put("sha256", i.sha256());
    return m;
  }
}
