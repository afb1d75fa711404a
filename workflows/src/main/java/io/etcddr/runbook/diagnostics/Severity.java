package io.etcddr.runbook.diagnostics;

public enum Severity {
  ERROR,
  WARNING;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
