package io.etcddr.lab;

import com.github.dockerjava.api.model.Container;
import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** `lab status`: per node, what a person checking the rooms would want to see. */
public final class LabStatus {

  /**
   * @param member etcd member name, "" when the node's endpoint does not answer
   * @param containers name=state, for every container on the node's engine
   */
  public record Row(
      String node,
      String site,
      String address,
      boolean engine,
      boolean agent,
      String member,
      boolean learner,
      boolean reachable,
      List<String> containers) {}

  private LabStatus() {}

  static List<Row> of(Lab lab, LabAgents agents) {
    ClusterHealth health = lab.health(Duration.ofSeconds(2));
    List<Row> rows = new ArrayList<>();
    for (LabNode node : lab.nodes()) {
      DockerDaemon daemon = lab.layout().docker(node.name());
      boolean engine = daemon.running();
      Optional<EndpointStatus> endpoint =
          health.members().stream()
              .filter(e -> e.endpoint().contains("//" + node.address() + ":"))
              .findFirst();
      rows.add(
          new Row(
              node.name(),
              node.site(),
              node.address(),
              engine,
              agents.running(node).isPresent(),
              endpoint
                  .filter(EndpointStatus::reachable)
                  // Without quorum there is no member list, hence no name: show the id.
                  .map(e -> e.name() != null ? e.name() : e.id())
                  .orElse(""),
              endpoint.map(e -> Boolean.TRUE.equals(e.isLearner())).orElse(false),
              endpoint.map(EndpointStatus::reachable).orElse(false),
              engine ? containers(daemon) : List.of()));
    }
    return rows;
  }

  public static void print(List<Row> rows, PrintWriter out) {
    String format = "%-8s %-4s %-15s %-6s %-6s %-15s %-7s %-9s %s%n";
    out.printf(
        format,
        "NODE",
        "SITE",
        "ADDRESS",
        "ENGINE",
        "AGENT",
        "ETCD MEMBER",
        "LEARNER",
        "REACHABLE",
        "CONTAINERS");
    for (Row r : rows) {
      out.printf(
          format,
          r.node(),
          r.site(),
          r.address(),
          r.engine() ? "up" : "down",
          r.agent() ? "up" : "down",
          r.member().isEmpty() ? "-" : r.member(),
          r.learner() ? "yes" : "no",
          r.reachable() ? "yes" : "no",
          r.containers().isEmpty() ? "-" : String.join(" ", r.containers()));
    }
    out.flush();
  }

  private static List<String> containers(DockerDaemon daemon) {
    try (DockerEngine engine = DockerEngine.connect(daemon.host())) {
      List<String> names = new ArrayList<>();
      for (Container c : engine.client().listContainersCmd().withShowAll(true).exec()) {
        names.add(c.getNames()[0].replaceFirst("^/", "") + "=" + c.getState());
      }
      names.sort(null);
      return names;
    } catch (RuntimeException unreachable) {
      return List.of("(engine not answering)");
    }
  }
}
