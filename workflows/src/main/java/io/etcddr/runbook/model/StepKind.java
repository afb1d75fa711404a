package io.etcddr.runbook.model;

/** What a step does; exactly one of the keys `uses`, `approval`, `fail`, `runbook`. */
public enum StepKind {
  USES("uses"),
  APPROVAL("approval"),
  FAIL("fail"),
  RUNBOOK("runbook");

  private final String key;

  StepKind(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
