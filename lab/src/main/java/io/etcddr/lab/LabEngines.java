package io.etcddr.lab;

import io.etcddr.activities.docker.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The nodes' Docker engines: one dockerd per node, each in its node's network namespace. */
final class LabEngines {

  private final LabLayout layout;
  private final LabNetwork network;

  LabEngines(LabLayout layout, LabNetwork network) {
    this.layout = layout;
    this.network = network;
  }

  /**
   * Every node's engine with the lab's images imported (no registry can be reached), side by side,
   * from image archives built once before.
   */
  void startAll(List<LabNode> nodes, List<LabImage> images) throws Exception {
    Map<LabImage, Path> tars = new LinkedHashMap<>();
    for (LabImage image : images) {
      tars.put(image, image.buildTar(layout.imageTar(image.version())));
    }
    Together.forEach(
        nodes,
        node -> {
          DockerDaemon daemon = start(node);
          try (DockerEngine engine = DockerEngine.connect(daemon.host())) {
            for (Map.Entry<LabImage, Path> image : tars.entrySet()) {
              image.getKey().importInto(engine, image.getValue());
            }
          }
          Files.createDirectories(layout.paths(node.name()).resolve("/var/lib/etcd"));
        });
  }

  /** The node's engine, started in its network unless it runs; returns once it answers. */
  DockerDaemon start(LabNode node) throws Exception {
    DockerDaemon daemon = layout.docker(node.name());
    daemon.start(network.inNode(node.name(), List.of()));
    return daemon;
  }

  /**
   * Every engine killed, not stopped, side by side, and what is left of it (mounts, cgroups)
   * removed: all goes anyway, and a graceful stop waits 10 s for each container whose first process
   * ignores SIGTERM (the apiserver stand-ins).
   */
  void removeAll(List<LabNode> nodes) throws Exception {
    Together.forEach(
        nodes,
        node -> {
          DockerDaemon engine = layout.docker(node.name());
          engine.kill();
          engine.stop();
        });
  }
}
