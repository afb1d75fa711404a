package io.etcddr.runbook.catalog;

import io.etcddr.runbook.model.ValueType;

/** One named input (a `with:` key) or output of an activity. */
public record Field(String name, ValueType type, boolean required, String description) {

  public static Field required(String name, ValueType type, String description) {
    return new Field(name, type, true, description);
  }

  public static Field optional(String name, ValueType type, String description) {
    return new Field(name, type, false, description);
  }
}
