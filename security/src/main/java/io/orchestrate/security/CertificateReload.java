package io.orchestrate.security;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;

/**
 * What a process does on SIGHUP: reads its certificate, key and CA bundle again at once (rather
 * than at the next look, within a second) and says what is in use now, so that an operator who
 * has just renewed the files sees the new expiry in the log. A file that cannot be used leaves the
 * previous material in use; the reload itself logs why, and the answer says so.
 */
public final class CertificateReload {
  private CertificateReload() {}

  /** Reloads {@code tls} and describes the material in use afterwards. */
  public static String reload(TlsMaterial tls) {
    boolean ok = tls.reload();
    return (ok ? "reloaded" : "kept the previous material (a file was refused, see above); in use:") + " " + describe(tls);
  }

  /** The certificate in use, its holder and expiry, and the CA bundle's size and first expiry. */
  public static String describe(TlsMaterial tls) {
    X509Certificate own = tls.keyManager().certificate();
    X509Certificate[] cas = tls.trustManager(EnumSet.allOf(Role.class)).getAcceptedIssuers();
    Instant caExpiry = Arrays.stream(cas).map(c -> c.getNotAfter().toInstant()).min(Comparator.naturalOrder()).orElse(null);
    return "certificate " + tls.files().cert() + " (" + tls.identity() + ", expires " + own.getNotAfter().toInstant() + "), CA bundle "
        + tls.files().ca() + " (" + cas.length + " CA" + (cas.length == 1 ? "" : "s") + ", first expiry " + caExpiry + ")";
  }
}
