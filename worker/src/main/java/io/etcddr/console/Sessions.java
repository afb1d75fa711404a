package io.etcddr.console;

import io.etcddr.people.Person;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's logins: a random session id in an HttpOnly, SameSite=Strict cookie, kept in this
 * worker's memory for 8 hours, and a second random value every form must send back (so another site
 * cannot post a decision with the cookie). A restart logs everyone out; nothing is written.
 */
final class Sessions {

  static final String COOKIE = "etcd_dr_session";
  static final Duration LIFETIME = Duration.ofHours(8);

  /** A logged-in person and the value their forms carry. */
  record Session(Person person, String formToken, long expiresAt) {}

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** A new session for {@code person}; its id, for the cookie. */
  String open(Person person) {
    byId.values().removeIf(s -> s.expiresAt() < System.currentTimeMillis());
    String id = randomValue();
    byId.put(
        id, new Session(person, randomValue(), System.currentTimeMillis() + LIFETIME.toMillis()));
    return id;
  }

  void close(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  /** The session a request's Cookie header names, while it lasts. */
  Optional<Session> find(String cookieHeader) {
    String id = idIn(cookieHeader);
    Session session = id == null ? null : byId.get(id);
    if (session == null || session.expiresAt() < System.currentTimeMillis()) {
      return Optional.empty();
    }
    return Optional.of(session);
  }

  static String idIn(String cookieHeader) {
    if (cookieHeader == null) {
      return null;
    }
    for (String part : cookieHeader.split(";")) {
      String[] pair = part.strip().split("=", 2);
      if (pair.length == 2 && pair[0].equals(COOKIE)) {
        return pair[1];
      }
    }
    return null;
  }

  /** The Set-Cookie value: HttpOnly, SameSite=Strict, for the console only, Secure under TLS. */
  static String cookie(String id, boolean secure) {
    return COOKIE
        + "="
        + id
        + "; Path=/console; HttpOnly; SameSite=Strict; Max-Age="
        + LIFETIME.toSeconds()
        + (secure ? "; Secure" : "");
  }

  static String expiredCookie(boolean secure) {
    return COOKIE
        + "=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0"
        + (secure ? "; Secure" : "");
  }

  private String randomValue() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
