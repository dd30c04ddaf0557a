package io.orchestrate.cli.server;

import io.orchestrate.security.CertificateReload;
import io.orchestrate.security.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP reads a process's certificate, key and CA bundle again at once, as the Unix convention
 * for "reload your configuration" has it. The files are also picked up on change within a second;
 * the signal is for an operator who wants to see the new material taken (or refused) in the log now.
 * There is no JDK API for signals: {@code sun.misc.Signal} is the supported way (module jdk.unsupported).
 */
final class ReloadOnHangup {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadOnHangup.class);

  private ReloadOnHangup() {}

  /** From now on SIGHUP reloads {@code tls} for {@code process} ("manager m1"); nothing is installed without TLS. */
  static void install(TlsMaterial tls, String process) {
    if (tls == null) return;
    Signal.handle(new Signal("HUP"), s -> reload(tls, process));
  }

  /** What the handler does, on the signal dispatcher thread: reload and log what is in use now. */
  static String reload(TlsMaterial tls, String process) {
    String said = process + " on SIGHUP: " + CertificateReload.reload(tls);
    LOG.info(said);
    return said;
  }
}
