package io.etcddr.runbook.catalog;

import io.etcddr.runbook.model.ValueType;

/** One named input (a `with:` key) or output of an activity, as its contract record declares it. */
public record Field(String name, ValueType type, boolean required, String description) {}
