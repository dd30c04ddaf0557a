package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.ClusterUnavailableException;
import io.orchestrate.client.Reply;
import io.orchestrate.client.RequestRejectedException;
import io.orchestrate.client.Table;
import io.orchestrate.core.api.BuildInfo;
import io.orchestrate.core.api.HealthView;
import io.orchestrate.core.codec.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code orchestrate version}: this client's version and each listed manager's, asked of each manager
 * itself ({@code GET /v1/health}), so a half-finished rolling upgrade shows which managers still run
 * the old build.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Show this client's version and each listed manager's (from its health answer), or why a manager did not say.")
public final class VersionCommand implements Callable<Integer> {
  /** Per manager: the question is cheap, and one silent manager must not hold up the answer for the others. */
  static final Duration PER_MANAGER = Duration.ofSeconds(3);

  @Mixin ClientOptions client;

  /** One manager's line: its answer, or the problem that kept it from answering (only the one that applies is printed). */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record ManagerVersion(String address, String id, String version, String status, String problem) {}

  @Override
  public Integer call() {
    List<ManagerVersion> rows = new ArrayList<>();
    for (String address : client.addresses()) rows.add(ask(address));
    if (client.structured()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("client", BuildInfo.version());
      doc.put("managers", rows);
      client.printDocument(Json.pretty(doc));
    } else {
      client.out().println("client  " + BuildInfo.version() + " (Java " + Runtime.version() + ")");
      Table t = new Table("MANAGER", "ADDRESS", "VERSION", "STATUS");
      for (ManagerVersion r : rows) {
        t.row(r.id() == null ? "-" : r.id(), r.address(), r.version() == null ? "-" : r.version(),
            r.problem() == null ? r.status() : r.problem());
      }
      t.print(client.out());
      client.out().flush();
    }
    // The client's own version is always printed; no manager answering is still "cluster unavailable".
    return rows.stream().anyMatch(r -> r.problem() == null) ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
  }

  private ManagerVersion ask(String address) {
    try {
      Reply<HealthView> h = client.client(List.of(address), PER_MANAGER).health();
      HealthView v = h.value();
      // A manager of a release before it reported its version answers without the field.
      return new ManagerVersion(address, v.id(), v.version() == null ? "unreported" : v.version(),
          v.status(), null);
    } catch (ClusterUnavailableException e) {
      String problem = e.problems().values().stream().findFirst().orElse(e.getMessage());
      return new ManagerVersion(address, null, null, null, problem);
    } catch (RequestRejectedException e) {
      return new ManagerVersion(address, null, null, null, "HTTP " + e.status() + ": " + e.getMessage());
    }
  }
}
