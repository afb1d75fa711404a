package io.etcddr.activities.host;

import io.etcddr.activities.support.ActivityFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Maps a node's absolute paths (as runbooks write them, e.g. /etc/kubernetes/ssl) onto this agent's
 * root: "/" on a real node, the node's folder in the lab. Refuses paths that escape the root and,
 * when the agent has an allow-list, paths outside it.
 *
 * @param allowed node paths the agent may touch ({@code /var/lib/etcd*} matches by prefix); empty
 *     means everything under the root
 */
public record AgentPaths(Path root, List<String> allowed) {

  /** Where RKE keeps certificates, etcd data and snapshots, and where etcd-dr keeps its own. */
  public static final List<String> DEFAULT_ALLOWED =
      List.of("/etc/kubernetes", "/var/lib/etcd*", "/opt/rke", "/etc/rke", "/tmp/etcd-dr*");

  public static final AgentPaths HOST = new AgentPaths(Path.of("/"));

  public AgentPaths {
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
  }

  public AgentPaths(Path root) {
    this(root, List.of());
  }

  public Path resolve(String nodePath) {
    if (nodePath == null || !nodePath.startsWith("/")) {
      throw ActivityFailures.badInput("path `" + nodePath + "` must be absolute on the node");
    }
    String normalized = Path.of(nodePath).normalize().toString();
    if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> covers(a, normalized))) {
      throw ActivityFailures.badInput(
          "path `"
              + nodePath
              + "` is outside this agent's allowed paths "
              + allowed
              + "; add it with `etcd-dr agent --allow-path`");
    }
    Path resolved = root.resolve(normalized.substring(1)).normalize();
    if (!resolved.startsWith(root.normalize())) {
      throw ActivityFailures.badInput("path `" + nodePath + "` leaves the agent's root");
    }
    throughLinks(nodePath, resolved);
    return resolved;
  }

  /**
   * The same checks on the path as the file system will follow it: a symbolic link on the way (to
   * the deepest part that exists) must not lead out of the root or the allowed paths.
   */
  private void throughLinks(String nodePath, Path resolved) {
    Path base = root.normalize();
    Path existing = resolved;
    while (existing.startsWith(base)
        && !existing.equals(base)
        && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing.equals(base) || !existing.startsWith(base)) {
      return; // nothing of the path exists below the root yet: no link to follow
    }
    Path real;
    Path realRoot;
    try {
      real = existing.toRealPath();
      realRoot = root.toRealPath();
    } catch (IOException dangling) {
      throw ActivityFailures.badInput(
          "path `" + nodePath + "` goes through a symbolic link that leads nowhere");
    }
    if (!real.startsWith(realRoot)) {
      throw ActivityFailures.badInput(
          "path `" + nodePath + "` leaves the agent's root through a symbolic link");
    }
    String asNode = "/" + realRoot.relativize(real);
    if (!allowed.isEmpty()
        && !asNode.equals("/")
        && allowed.stream().noneMatch(a -> covers(a, asNode) || covers(asNode, a))) {
      throw ActivityFailures.badInput(
          "path `"
              + nodePath
              + "` leads through a symbolic link to "
              + asNode
              + ", outside this agent's allowed paths "
              + allowed);
    }
  }

  /**
   * The node path of a host path under this root (the inverse of {@link #resolve}); a path outside
   * the root is returned unchanged.
   */
  public String toNode(Path hostPath) {
    Path normalized = hostPath.toAbsolutePath().normalize();
    Path base = root.toAbsolutePath().normalize();
    if (!normalized.startsWith(base)) {
      return normalized.toString();
    }
    return "/" + base.relativize(normalized).toString();
  }

  private static boolean covers(String allowed, String path) {
    if (allowed.endsWith("*")) {
      return path.startsWith(allowed.substring(0, allowed.length() - 1));
    }
    return path.equals(allowed) || path.startsWith(allowed.endsWith("/") ? allowed : allowed + "/");
  }
}
