package io.etcddr.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test on real parts needs from the machine. In CI ({@code CI=true}) a missing prerequisite
 * fails the test: a skipped test hides exactly the failure it exists to catch. On a laptop it
 * skips, loudly, and says how to get it ({@code bin/setup}).
 */
public final class Prerequisites {

  private final List<String> missing = new ArrayList<>();

  private Prerequisites() {}

  public static Prerequisites need() {
    return new Prerequisites();
  }

  public Prerequisites root() {
    return check("root".equals(System.getProperty("user.name")), "root");
  }

  public Prerequisites etcd() {
    return executable("/usr/bin/etcd").executable("/usr/bin/etcdctl");
  }

  public Prerequisites dockerd() {
    return executable("/usr/sbin/dockerd");
  }

  public Prerequisites executable(String path) {
    return check(Files.isExecutable(Path.of(path)), path);
  }

  public Prerequisites file(Path path, String what) {
    return check(Files.exists(path), what + " (" + path + ")");
  }

  public Prerequisites onPath(String tool) {
    boolean found =
        List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).stream()
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    return check(found, tool + " on PATH");
  }

  public Prerequisites check(boolean present, String what) {
    if (!present) {
      missing.add(what);
    }
    return this;
  }

  /** Fails (CI) or skips loudly (elsewhere) when anything is missing. */
  public void orSkip() {
    if (missing.isEmpty()) {
      return;
    }
    String message = "missing " + String.join(", ", missing) + "; run bin/setup (as root)";
    if (inCi()) {
      throw new AssertionError("CI=true and " + message);
    }
    System.err.println("SKIPPED LOUDLY: " + message);
    Assumptions.abort(message);
  }

  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
