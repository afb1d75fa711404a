package io.etcddr.people;

import java.util.List;

/**
 * A person the worker identified on a request: by a personal API token from the users file, or by
 * the name on an mTLS client certificate the API's client CA signed.
 *
 * @param method {@code token} or {@code mtls}
 */
public record Person(String name, List<String> roles, String method) {

  public Person {
    roles = List.copyOf(roles);
  }
}
