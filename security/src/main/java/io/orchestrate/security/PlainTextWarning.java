package io.orchestrate.security;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule for a manager or worker without {@code --ca/--cert/--key}: it starts only with
 * {@code --insecure}, and then says at start and every minute after that its ports are open to
 * anyone who reaches them, so that a cluster left in plain text keeps saying so in its logs.
 * The repeating line runs on one daemon thread of its own, ended by {@link #close()}.
 */
public final class PlainTextWarning implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlainTextWarning.class);
  public static final Duration EVERY = Duration.ofMinutes(1);

  private final ScheduledExecutorService timer;

  private PlainTextWarning(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /**
   * Why a process without TLS options does not start, and the two ways on: certificates, or
   * {@code --insecure}. {@code process} names it ("manager m1").
   */
  public static String refusal(String process) {
    return process + " has no TLS options, so its ports would accept anyone who reaches them. Give it certificates of the"
        + " cluster CA (orchestrate tls init --dir pki; orchestrate tls issue --dir pki --role manager|worker --name ID [--host H,...];"
        + " then --ca pki/ca.crt --cert pki/ID.crt --key pki/ID.key, or config keys ca, cert, key), or run it in plain text"
        + " on a network you trust with --insecure (config key insecure: true).";
  }

  /** {@code --insecure} together with TLS options: one of the two is a mistake, so neither is guessed. */
  public static String contradiction(String process) {
    return process + ": --insecure (config key insecure) and --ca/--cert/--key exclude each other; drop one";
  }

  /** What a manager without TLS exposes. */
  public static final String MANAGER_EXPOSURE = "its Raft, API and gateway ports are unauthenticated and unencrypted:"
      + " anyone who can reach them can join, read and change the cluster";
  /** What a worker without TLS exposes. */
  public static final String WORKER_EXPOSURE = "its gateway connection is unauthenticated and unencrypted: anyone who can reach"
      + " the gateway can register as this node, and task specs with their secrets cross the network in plain text";

  /** The warning line for {@code process} running in plain text, {@code exposure} saying what that leaves open. */
  public static String line(String process, String exposure) {
    return process + " runs WITHOUT TLS (--insecure): " + exposure + "; see orchestrate tls init/issue and --ca/--cert/--key";
  }

  /** Logs the warning now and every {@link #EVERY} until closed. */
  public static PlainTextWarning start(String process, String exposure) {
    return start(line(process, exposure), EVERY, LOG::warn);
  }

  /** For tests: {@code message} to {@code log} now and every {@code every}. */
  static PlainTextWarning start(String message, Duration every, Consumer<String> log) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "plain-text-warning");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> log.accept(message), 0, every.toNanos(), TimeUnit.NANOSECONDS);
    return new PlainTextWarning(timer);
  }

  boolean stopped() {
    return timer.isShutdown();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
