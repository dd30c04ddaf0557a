package io.orchestrate.cli.commands;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.ClusterUnavailableException;
import io.orchestrate.client.Reply;
import io.orchestrate.client.RequestRejectedException;
import io.orchestrate.core.api.HealthView;
import io.orchestrate.core.codec.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code orchestrate health}: whether each listed manager can serve, asked of that manager itself
 * ({@code GET /v1/health}, which never redirects and needs no token), for a container's HEALTHCHECK, a
 * load balancer's probe script or a person. Unlike every other client command it does not look for any
 * manager that answers: the question is about the one at that address (by default the local one).
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Check that each listed manager (by default the local one) can serve: exit 0 when every one answers"
        + " /v1/health with 200, otherwise print why and exit non-zero.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every listed manager answered 200 (it knows a leader and applies the log)",
        "1:a manager answered but cannot serve (starting, no leader, store failed), or refused the request",
        "2:usage error",
        "3:a manager did not answer (refused, unreachable, TLS handshake failed, or not within the timeout)"})
public final class HealthCommand implements Callable<Integer> {
  /** Per manager: a health probe must answer well within a supervisor's own probe timeout. */
  static final Duration PER_MANAGER = Duration.ofSeconds(3);

  @Mixin ClientOptions client;

  /** One manager's answer, or the problem that kept it from answering. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ManagerHealth(String address, int exitCode, HealthView health, String problem) {}

  @Override
  public Integer call() {
    List<ManagerHealth> rows = new ArrayList<>();
    for (String address : client.addresses()) rows.add(ask(address));
    int exit = rows.stream().mapToInt(ManagerHealth::exitCode).max().orElse(ExitCodes.OK);
    if (client.structured()) {
      client.printDocument(Json.pretty(rows));
    } else {
      for (ManagerHealth r : rows) client.out().println(line(r));
      client.out().flush();
    }
    return exit;
  }

  private static String line(ManagerHealth r) {
    HealthView h = r.health();
    if (h == null) return r.address() + ": " + r.problem();
    String who = r.address() + " (" + (h.id() == null ? "?" : h.id()) + ", " + (h.role() == null ? "?" : h.role()) + ")";
    if (h.serving()) {
      return who + ": ok, leader " + h.leader() + ", term " + h.term() + ", applied index " + h.appliedIndex();
    }
    return who + ": " + h.status() + (h.problem() == null ? "" : ": " + h.problem());
  }

  private ManagerHealth ask(String address) {
    try {
      Reply<HealthView> reply = client.client(List.of(address), PER_MANAGER).health();
      HealthView h = reply.value();
      boolean ok = reply.response().status() == 200 && h.serving();
      return new ManagerHealth(address, ok ? ExitCodes.OK : ExitCodes.REJECTED, h, null);
    } catch (ClusterUnavailableException e) {
      String problem = e.problems().values().stream().findFirst().orElse(e.getMessage());
      return new ManagerHealth(address, ExitCodes.UNAVAILABLE, null, problem);
    } catch (RequestRejectedException e) {
      return new ManagerHealth(address, ExitCodes.REJECTED, null, "HTTP " + e.status() + ": " + e.getMessage());
    }
  }
}
