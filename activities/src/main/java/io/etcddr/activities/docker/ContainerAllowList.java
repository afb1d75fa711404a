package io.etcddr.activities.docker;

import io.etcddr.activities.support.ActivityFailures;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The containers an agent may touch, as names or globs ({@code etcd-*}). Anything else on the node
 * (the workloads) is out of reach of a runbook, whatever it says.
 */
public final class ContainerAllowList {

  public static final List<String> DEFAULT = List.of("etcd", "etcd-*", "kube-apiserver");

  private final List<String> globs;
  private final List<Pattern> patterns;

  public ContainerAllowList(List<String> globs) {
    this.globs = List.copyOf(globs);
    this.patterns =
        globs.stream()
            .map(g -> Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q")))
            .toList();
  }

  public boolean allows(String name) {
    return patterns.stream().anyMatch(p -> p.matcher(name).matches());
  }

  /** The name, when allowed; a non-retryable failure naming the allow-list otherwise. */
  public String require(String name) {
    if (name == null || name.isBlank()) {
      throw ActivityFailures.badInput("a container name is required");
    }
    if (!allows(name)) {
      throw ActivityFailures.badInput(
          "container `"
              + name
              + "` is not on this agent's allow-list "
              + globs
              + "; add it with `etcd-dr agent --containers`");
    }
    return name;
  }
}
