package io.etcddr.contract;

/**
 * Errors for people are one line: the first line of a message, and the innermost cause of an
 * exception (its wrappers only say that something below failed).
 */
public final class OneLine {

  private OneLine() {}

  /** The first non-blank line of {@code message}, or "" for none. */
  public static String of(String message) {
    if (message == null) {
      return "";
    }
    return message.strip().lines().findFirst().orElse("").strip();
  }

  /** The first line, cut at {@code max} characters (an ellipsis says it was cut). */
  public static String of(String message, int max) {
    String line = of(message);
    return line.length() > max ? line.substring(0, max) + "…" : line;
  }

  /** The first line of the innermost cause's message, or its class name when it has none. */
  public static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String line = of(root.getMessage());
    return line.isEmpty() ? root.getClass().getSimpleName() : line;
  }
}
