package io.orchestrate.bench.fleet;

import java.util.List;
import java.util.OptionalLong;

/**
 * The managers a fleet bench runs against: started before the bench, killed and restarted by its
 * failover step, closed after it. {@link ChildManagers} runs them as child processes (what the
 * command measures); a test may run them in its own JVM.
 */
public interface FleetManagers extends AutoCloseable {
  /** Manager ids, in order. */
  List<String> ids();

  /** Every manager's API address ({@code host:port}), in id order. */
  List<String> apis();

  /** One manager's API address. */
  String api(String id);

  /** Every manager's gateway address ({@code host:port}), in id order. */
  List<String> gateways();

  /** Stops a manager at once, as a power cut would; its data stays. */
  void kill(String id) throws Exception;

  /** Starts a killed manager again from its data. */
  void restart(String id) throws Exception;

  /** The process id of a running manager, or empty when it does not run in a process of its own. */
  OptionalLong pid(String id);

  /**
   * How to reach these managers: over TLS with a client certificate and a token, the simulated
   * workers with certificates of their own, or in plain text. In-process managers of tests run plain.
   */
  default FleetAccess access() {
    return FleetAccess.PLAIN;
  }

  /** One line on what these managers are, for the report. */
  String describe();

  @Override
  void close();
}
