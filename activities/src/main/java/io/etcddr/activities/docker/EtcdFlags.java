package io.etcddr.activities.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * etcd's command-line flags inside a container's argv, in both forms etcd accepts ({@code
 * --name=value} as RKE writes them, and {@code --name value}). Edits keep every other argument and
 * its position, as `runlike` would reproduce them.
 */
public final class EtcdFlags {

  private final List<String> argv;

  public EtcdFlags(List<String> argv) {
    this.argv = new ArrayList<>(argv == null ? List.of() : argv);
  }

  public List<String> argv() {
    return List.copyOf(argv);
  }

  public Optional<String> get(String flag) {
    String name = dashed(flag);
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (arg.startsWith(name + "=")) {
        return Optional.of(arg.substring(name.length() + 1));
      }
      if (arg.equals(name)) {
        return Optional.of(takesNext(i) ? argv.get(i + 1) : "true");
      }
    }
    return Optional.empty();
  }

  /** Replaces the flag's value where it stands, or appends {@code --flag=value}. */
  public EtcdFlags set(String flag, String value) {
    String name = dashed(flag);
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (arg.startsWith(name + "=")) {
        argv.set(i, name + "=" + value);
        return this;
      }
      if (arg.equals(name)) {
        if (takesNext(i)) {
          argv.set(i + 1, value);
        } else {
          argv.set(i, name + "=" + value);
        }
        return this;
      }
    }
    argv.add(name + "=" + value);
    return this;
  }

  public EtcdFlags remove(String flag) {
    String name = dashed(flag);
    for (int i = argv.size() - 1; i >= 0; i--) {
      String arg = argv.get(i);
      if (arg.startsWith(name + "=")) {
        argv.remove(i);
      } else if (arg.equals(name)) {
        if (takesNext(i)) {
          argv.remove(i + 1);
        }
        argv.remove(i);
      }
    }
    return this;
  }

  public EtcdFlags setAll(Map<String, ?> flags) {
    if (flags != null) {
      flags.forEach((k, v) -> set(k, String.valueOf(v)));
    }
    return this;
  }

  /** Whether argv has etcd flags at all (RKE puts them in Cmd; other images in Entrypoint). */
  public boolean hasFlags() {
    return argv.stream().anyMatch(a -> a.startsWith("--"));
  }

  private boolean takesNext(int i) {
    return i + 1 < argv.size() && !argv.get(i + 1).startsWith("-");
  }

  private static String dashed(String flag) {
    String bare = flag.replaceFirst("^-+", "");
    return "--" + bare;
  }
}
