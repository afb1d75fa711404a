package io.etcddr.lab;

import io.etcddr.activities.host.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Some lab nodes saved as they were at a power cut, and put back as often as needed: each node's
 * root folder and its engine's data root (containers, their restart policies, the etcd data in
 * their binds), byte for byte. Restoring powers the nodes on again from that state (engines first,
 * whose containers restart as after a power cut); starting their agents is the caller's.
 */
final class LabCheckpoint {

  private final Lab lab;
  private final List<String> nodes;
  private final Path saved;

  private LabCheckpoint(Lab lab, List<String> nodes, Path saved) {
    this.lab = lab;
    this.nodes = List.copyOf(nodes);
    this.saved = saved;
  }

  /** Cuts the nodes' power and copies what they hold to {@code saved}. */
  static LabCheckpoint save(Lab lab, List<String> nodes, Path saved) throws Exception {
    LabCheckpoint checkpoint = new LabCheckpoint(lab, nodes, saved);
    Files.createDirectories(saved);
    for (String node : nodes) {
      checkpoint.powerCut(node);
      copy(checkpoint.nodeDir(node), saved.resolve(node));
    }
    return checkpoint;
  }

  /** The nodes as they were saved, engines running again. */
  void restore() throws Exception {
    for (String node : nodes) {
      powerCut(node);
      HostTools.deleteTree(nodeDir(node));
      copy(saved.resolve(node), nodeDir(node));
    }
    for (String node : nodes) {
      lab.engine(lab.node(node));
    }
  }

  private void powerCut(String node) throws IOException, InterruptedException {
    lab.powerOff(node);
    HostProcesses.unmountUnder(nodeDir(node));
  }

  private Path nodeDir(String node) {
    return lab.layout().dir().resolve("nodes").resolve(node);
  }

  /** `cp -a`: owners, modes, links and special files as they are (an engine's data root). */
  private static void copy(Path from, Path to) throws IOException, InterruptedException {
    Process cp =
        new ProcessBuilder("cp", "-a", "--reflink=auto", from.toString(), to.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(cp.getInputStream().readAllBytes());
    if (cp.waitFor() != 0) {
      throw new IOException("cp -a " + from + " " + to + " failed: " + output.strip());
    }
  }
}
