package io.etcddr.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.etcddr.people.Person;
import io.etcddr.people.Users;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who sends a request: a person the users file knows (by personal token, or by the name on the
 * client certificate the API's client CA verified), else the service that holds the shared API
 * token (Alertmanager, scripts), else nobody.
 */
final class Callers {

  /** An authenticated caller; {@code person} is empty for the shared token. */
  record Caller(Optional<Person> person) {}

  private final ApiToken token;
  private final Users users;

  /**
   * @param users the users file, or null when the worker has none
   */
  Callers(ApiToken token, Users users) {
    this.token = token;
    this.users = users;
  }

  Optional<Caller> identify(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (token.accepts(authorization)) {
      return Optional.of(new Caller(Optional.empty())); // a service: Alertmanager, Prometheus
    }
    if (users != null) {
      Optional<Person> person =
          users
              .byBearer(authorization)
              .or(() -> certificateName(exchange).flatMap(users::byCertificate));
      if (person.isPresent()) {
        return Optional.of(new Caller(person));
      }
    }
    return Optional.empty();
  }

  /** The CN of a client certificate the TLS handshake verified, if the client sent one. */
  private static Optional<String> certificateName(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
      return Optional.empty();
    } catch (SSLPeerUnverifiedException | InvalidNameException noCertificate) {
      return Optional.empty();
    }
  }
}
