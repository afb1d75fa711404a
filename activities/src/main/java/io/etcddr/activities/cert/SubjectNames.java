package io.etcddr.activities.cert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** A member certificate's subject alternative names: IPs and DNS names, deduplicated, in order. */
public record SubjectNames(List<String> values) {

  public SubjectNames {
    values = List.copyOf(new LinkedHashSet<>(values));
  }

  public static SubjectNames of(String address, List<String> extra) {
    List<String> all = new ArrayList<>();
    all.add(address);
    all.addAll(extra);
    return new SubjectNames(all);
  }

  static boolean isIp(String value) {
    return value.matches("\\d{1,3}(\\.\\d{1,3}){3}") || value.contains(":");
  }

  GeneralNames toGeneralNames() {
    return new GeneralNames(
        values.stream()
            .map(v -> new GeneralName(isIp(v) ? GeneralName.iPAddress : GeneralName.dNSName, v))
            .toArray(GeneralName[]::new));
  }

  /** The names a certificate covers, in the same textual form. */
  static Set<String> covered(java.security.cert.X509Certificate certificate) {
    Set<String> names = new LinkedHashSet<>();
    try {
      var sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        sans.forEach(entry -> names.add(String.valueOf(entry.get(1))));
      }
    } catch (java.security.cert.CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }
}
