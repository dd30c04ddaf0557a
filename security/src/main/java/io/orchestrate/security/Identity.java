package io.orchestrate.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

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
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    String cn = single(subject, BCStyle.CN);
    String ou = single(subject, BCStyle.OU);
    String o = single(subject, BCStyle.O);
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

  private static String single(X500Name name, ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    if (rdns.length != 1 || rdns[0].isMultiValued()) return null;
    return IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  @Override
  public String toString() {
    return role.wire() + " " + name;
  }
}
