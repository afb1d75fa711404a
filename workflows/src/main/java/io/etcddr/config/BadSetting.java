package io.etcddr.config;

/**
 * A setting given to a process is wrong (an option's value, a file it names, an environment
 * variable): what is wrong and what to write instead, in one line. The CLI answers it with exit
 * code 2, as any bad usage.
 */
public final class BadSetting extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadSetting(String message) {
    super(message);
  }
}
