package io.orchestrate.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * Who holds a certificate of the cluster CA: its role and its name (a node id, a manager id or a
 * client's name). Read from the subject {@code CN=<name>, OU=<role>, O=orchestrate} that
 * {@link CertificateAuthority#issue} writes. Reading does not check the signature: call it on a
 * certificate a trust manager has accepted, such as a TLS session's peer.
 */
public record Identity(Role role, String name) {
  public static final String ORGANIZATION = "orchestrate";

  public Identity {
    Objects.requireNonNull(role, "role");
    if (!Names.isName(name)) throw new IllegalArgumentException("name " + Names.rule() + " (was '" + name + "')");
  }

  /** The identity {@code cert} carries, or a {@link TlsException} saying what is missing. */
  public static Identity of(X509Certificate cert) {
    List<Rdn> subject;
    try {
      subject = new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns();
    } catch (InvalidNameException e) {
      throw new TlsException("certificate '" + cert.getSubjectX500Principal() + "' has a subject that cannot be read: " + e.getMessage(), e);
    }
    String cn = single(subject, "CN");
    String ou = single(subject, "OU");
    String o = single(subject, "O");
    if (cn == null || ou == null || !ORGANIZATION.equals(o)) {
      throw new TlsException("certificate '" + cert.getSubjectX500Principal().getName()
          + "' is not an orchestrate identity (it needs CN=<name>, OU=<role>, O=" + ORGANIZATION + ")");
    }
    try {
      return new Identity(Role.parse(ou), cn);
    } catch (IllegalArgumentException e) {
      throw new TlsException("certificate for " + cn + ": " + e.getMessage(), e);
    }
  }

  /** The identity of the peer of a TLS session with client authentication. */
  public static Identity of(SSLSession session) throws SSLPeerUnverifiedException {
    Certificate[] chain = session.getPeerCertificates();
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
      throw new SSLPeerUnverifiedException("the peer sent no X.509 certificate");
    }
    return of(x);
  }

  /**
   * The value of the one attribute of {@code type} in the subject, or null if there is none, more
   * than one, or it shares its RDN with another attribute. The JDK's own RFC 2253 reader (rather
   * than Bouncy Castle's) keeps a client's start-up from loading Bouncy Castle.
   */
  private static String single(List<Rdn> subject, String type) {
    Rdn found = null;
    for (Rdn rdn : subject) {
      if (!rdn.getType().equalsIgnoreCase(type)) continue;
      if (found != null) return null;
      found = rdn;
    }
    if (found == null || found.size() != 1 || !(found.getValue() instanceof String value)) return null;
    return value;
  }

  @Override
  public String toString() {
    return role.wire() + " " + name;
  }
}
