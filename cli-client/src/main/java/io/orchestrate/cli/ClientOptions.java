package io.orchestrate.cli;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Reply;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every client command takes (a picocli mixin), and the client and output they lead to. */
public final class ClientOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--managers",
      split = ",",
      paramLabel = "HOST:PORT",
      description = {
          "Managers' API addresses, comma-separated. Any one reachable manager is enough: the leader is found by"
              + " following redirects.",
          "Default: $" + CliEnvironment.MANAGERS_VARIABLE + ", else " + CliEnvironment.DEFAULT_MANAGERS + "."})
  List<String> managers;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints the API's answer as pretty JSON,"
          + " yaml the same document as YAML.")
  OutputFormat output;

  @Option(
      names = "--stale",
      description = "Read the answering manager's local copy instead of a linearizable read: works without a quorum,"
          + " but may be behind the leader. Only affects reads.")
  boolean stale;

  /** --timeout when not given, for every command but those whose one answer may take long ({@link #longAnswerClient}). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Give up after this long, across all managers and retries (e.g. 500ms, 15s, 2m; default: 15s, longer for"
          + " a command that says so).")
  Duration timeout;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "API token, sent as Authorization: Bearer TOKEN when the managers run with --acl."
          + " Default: $" + CliEnvironment.TOKEN_VARIABLE + " (prefer it: a flag shows in the process list and shell history).")
  String token;
  @Option(names = "--ca", paramLabel = "FILE",
      description = "The cluster CA (bundle) that managers' certificates must come from. With --cert and --key: HTTPS."
          + " Default: $" + CliEnvironment.CA_VARIABLE + ".")
  java.nio.file.Path ca;

  @Option(names = "--cert", paramLabel = "FILE", description = "This client's certificate (tls issue --role client). Default: $"
      + CliEnvironment.CERT_VARIABLE + ".")
  java.nio.file.Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "This client's private key. Default: $" + CliEnvironment.KEY_VARIABLE + ".")
  java.nio.file.Path key;

  /**
   * The TLS context from --ca/--cert/--key (each defaulting to its environment variable): all
   * three for HTTPS, none for plain HTTP, anything between is a usage error naming what is missing.
   */
  private javax.net.ssl.SSLContext tls(CliEnvironment env) {
    java.nio.file.Path c = ca != null ? ca : env.path(CliEnvironment.CA_VARIABLE);
    java.nio.file.Path t = cert != null ? cert : env.path(CliEnvironment.CERT_VARIABLE);
    java.nio.file.Path k = key != null ? key : env.path(CliEnvironment.KEY_VARIABLE);
    try {
      return io.orchestrate.security.TlsFiles.allOrNone(c, t, k,
              "--ca (or $" + CliEnvironment.CA_VARIABLE + ")", "--cert (or $" + CliEnvironment.CERT_VARIABLE + ")",
              "--key (or $" + CliEnvironment.KEY_VARIABLE + ")")
          .map(f -> io.orchestrate.security.TlsContexts.jdkClient(io.orchestrate.security.TlsMaterial.load(f)))
          .orElse(null);
    } catch (IllegalArgumentException | io.orchestrate.security.TlsException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  /** A client for this invocation; a malformed address is a usage error (exit 2). */
  public ManagersClient client() {
    return client(addresses());
  }

  /** The managers' addresses from --managers, else the environment, else the default. */
  public List<String> addresses() {
    CliEnvironment env = OrchestrateCommand.environment(mixee);
    return managers != null && !managers.isEmpty() ? managers : splitList(env.defaultManagers());
  }

  /**
   * A client of just {@code addresses} (one manager, for a question each manager answers for
   * itself) that gives up after {@code limit} or --timeout, whichever is shorter.
   */
  public ManagersClient client(List<String> addresses, Duration limit) {
    return build(addresses, limit);
  }

  private ManagersClient client(List<String> addresses) {
    return build(addresses, timeout(), false);
  }

  /**
   * A client for a command whose one answer may take long to prepare (a snapshot of a large state
   * is packaged before its first byte is sent): without --timeout it waits up to {@code longest},
   * and a single exchange may take all of it rather than the usual few seconds before the next
   * manager is tried (which would only start the same work again there).
   */
  public ManagersClient longAnswerClient(Duration longest) {
    return build(addresses(), timeout != null ? timeout : longest, true);
  }

  private Duration timeout() {
    return timeout != null ? timeout : DEFAULT_TIMEOUT;
  }

  private ManagersClient build(List<String> addresses, Duration limit) {
    return build(addresses, limit.compareTo(timeout()) < 0 ? limit : timeout(), false);
  }

  private ManagersClient build(List<String> addresses, Duration overall, boolean oneLongAttempt) {
    CliEnvironment env = OrchestrateCommand.environment(mixee);
    String source = managers != null && !managers.isEmpty() ? "--managers" : "$" + CliEnvironment.MANAGERS_VARIABLE;
    try {
      ClientSettings settings = ClientSettings.defaults().withTimeout(overall).withStale(stale);
      settings = tokenized(settings, env);
      if (oneLongAttempt || settings.attemptTimeout().compareTo(overall) > 0) settings = settings.withAttemptTimeout(overall);
      return new ManagersClient(addresses, settings, env.time(), tls(env));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), source + ": " + e.getMessage());
    }
  }

  /** The token from --token, else the environment; a malformed one is a usage error naming where it came from. */
  private ClientSettings tokenized(ClientSettings settings, CliEnvironment env) {
    String t = token != null ? token : env.token();
    try {
      return settings.withToken(t);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), (token != null ? "--token" : "$" + CliEnvironment.TOKEN_VARIABLE) + ": " + e.getMessage());
    }
  }

  /** Whether the output is a document for scripts ({@code -o json} or {@code -o yaml}) rather than a table. */
  public boolean structured() {
    return output != OutputFormat.table;
  }

  /** The mapper that writes the document {@code -o} asks for; null for a table. */
  public com.fasterxml.jackson.databind.ObjectMapper documentMapper() {
    return switch (output) {
      case json -> io.orchestrate.core.codec.Json.lenient();
      case yaml -> io.orchestrate.core.codec.Json.yaml();
      case table -> null;
    };
  }

  /** Prints one document given as the API's JSON: as pretty JSON, or the same tree as YAML. */
  public void printDocument(String json) {
    if (output == OutputFormat.yaml) {
      try {
        com.fasterxml.jackson.databind.JsonNode tree = io.orchestrate.core.codec.Json.lenient().readTree(json);
        out().print(io.orchestrate.core.codec.Json.yaml().writeValueAsString(tree));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("a reply that was read as JSON could not be printed as YAML", e);
      }
    } else {
      out().println(json);
    }
    out().flush();
  }

  public PrintWriter out() {
    return mixee.commandLine().getOut();
  }

  public PrintWriter err() {
    return mixee.commandLine().getErr();
  }

  /** Prints the reply: the API's answer with {@code -o json} or {@code -o yaml}, else whatever {@code table} prints. */
  public <T> int print(Reply<T> reply, Consumer<T> table) {
    if (structured()) {
      printDocument(reply.prettyJson());
    } else {
      table.accept(reply.value());
    }
    out().flush();
    return ExitCodes.OK;
  }

  private static List<String> splitList(String s) {
    List<String> out = new ArrayList<>();
    for (String part : s.split(",")) {
      if (!part.isBlank()) out.add(part.strip());
    }
    return out;
  }
}
