package io.etcddr.doctor;

/** One line of the readiness table: what was checked, its verdict, and what was seen or to do. */
public record Check(String name, Verdict verdict, String detail) {

  /** Ready, ready with something to look at soon, or not ready: a DR now would fail or harm. */
  public enum Verdict {
    OK("ok"),
    WARN("warn"),
    NOT_READY("NOT READY");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static Check ok(String name, String detail) {
    return new Check(name, Verdict.OK, detail);
  }

  public static Check warn(String name, String detail) {
    return new Check(name, Verdict.WARN, detail);
  }

  public static Check notReady(String name, String detail) {
    return new Check(name, Verdict.NOT_READY, detail);
  }
}
