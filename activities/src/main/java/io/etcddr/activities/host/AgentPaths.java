package io.etcddr.activities.host;

import io.etcddr.activities.ActivityFailures;
import java.nio.file.Path;

/**
 * Maps a node's absolute paths (as runbooks write them, e.g. /etc/kubernetes/ssl) onto this agent's
 * root: "/" on a real node, the node's folder in the lab. Refuses paths that escape the root.
 */
public record AgentPaths(Path root) {

  public static final AgentPaths HOST = new AgentPaths(Path.of("/"));

  public Path resolve(String nodePath) {
    if (nodePath == null || !nodePath.startsWith("/")) {
      throw ActivityFailures.badInput("path `" + nodePath + "` must be absolute on the node");
    }
    Path resolved = root.resolve(nodePath.substring(1)).normalize();
    if (!resolved.startsWith(root.normalize())) {
      throw ActivityFailures.badInput("path `" + nodePath + "` leaves the agent's root");
    }
    return resolved;
  }
}
