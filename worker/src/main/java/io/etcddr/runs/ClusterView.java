package io.etcddr.runs;

import io.etcddr.contract.cluster.ClusterRecord;
import io.etcddr.contract.cluster.Divergence;
import io.etcddr.contract.cluster.FenceOrder;
import io.etcddr.contract.cluster.Generation;
import io.etcddr.text.TextTable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's durable record as an operator reads it (`etcd-dr cluster status`, `GET
 * /v1/clusters/NAME`): the current generation and its members, every earlier generation, the fenced
 * nodes and the fence orders still waiting for their agent.
 */
public final class ClusterView {

  private final String cluster;
  private final ClusterRecord record;

  public ClusterView(String cluster, ClusterRecord record) {
    this.cluster = cluster;
    this.record = record == null ? ClusterRecord.empty(cluster) : record;
  }

  public List<String> fenced() {
    return nodes(FenceOrder.State.FENCED);
  }

  public List<String> awaitingFence() {
    return nodes(FenceOrder.State.ORDERED);
  }

  public Map<String, Object> asMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cluster", cluster);
    out.put("generation", record.current().orElse(null));
    List<Generation> earlier = new ArrayList<>(record.generations());
    if (!earlier.isEmpty()) {
      earlier.remove(earlier.size() - 1);
    }
    out.put("earlierGenerations", earlier);
    out.put("fenced", fenced());
    out.put("awaitingFence", awaitingFence());
    out.put("fences", record.fences());
    out.put("incidents", record.incidents().size());
    out.put("adoptionRefused", record.adoptionRefused());
    out.put("nodeReports", record.nodeReports());
    return out;
  }

  public void print(PrintWriter out) {
    if (record.generations().isEmpty()) {
      out.println(
          "cluster "
              + cluster
              + ": no generation recorded yet (the first healthy etcd.status records one)");
      if (record.adoptionRefused() != null) {
        out.println("  adoption refused: " + record.adoptionRefused());
      }
      for (var report : record.nodeReports()) {
        out.println(
            "  node "
                + report.node()
                + " says: "
                + report.contradicts("").orElse("it served no generation"));
      }
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"GENERATION", "CLUSTER ID", "MEMBERS", "CLIENT URLS", "MADE"});
    for (int i = record.generations().size() - 1; i >= 0; i--) {
      Generation g = record.generations().get(i);
      rows.add(
          new String[] {
            g.number() + (i == record.generations().size() - 1 ? " (current)" : ""),
            g.clusterId(),
            String.join(",", g.members().stream().map(Generation.Member::name).toList()),
            String.join(",", g.clientUrls()),
            Instant.ofEpochMilli(g.madeAt())
                + " "
                + (g.workflowId() == null ? g.reason() : "by " + g.workflowId())
          });
    }
    if (rows.size() > 1) {
      out.println("cluster " + cluster);
      TextTable.print(out, rows);
    }
    if (!record.fences().isEmpty()) {
      List<String[]> fences = new ArrayList<>();
      fences.add(new String[] {"NODE", "FENCE", "ORDERED BY", "DATA KEPT AT", "WINDOW"});
      for (FenceOrder f : record.fences()) {
        fences.add(
            new String[] {
              f.node(),
              f.state().name().toLowerCase(java.util.Locale.ROOT),
              f.workflowId(),
              f.report() == null || f.report().dataDirAside() == null
                  ? ""
                  : f.report().dataDirAside(),
              window(f)
            });
      }
      out.println();
      TextTable.print(out, fences);
    }
    List<Divergence> reports = record.current().map(Generation::divergences).orElse(List.of());
    if (!reports.isEmpty()) {
      out.println();
      out.println("what the failover lost (divergence-report):");
      for (Divergence d : reports) {
        out.println("  " + d.summary());
      }
    }
  }

  private static String window(FenceOrder f) {
    if (f.report() == null) {
      return "";
    }
    if (f.report().beforeEngine()) {
      return "0 ms (fenced before its engine started)";
    }
    return f.report().windowMillis() == null
        ? "(its etcd was not running)"
        : f.report().windowMillis() + " ms";
  }

  private List<String> nodes(FenceOrder.State state) {
    return record.fences().stream().filter(f -> f.state() == state).map(FenceOrder::node).toList();
  }
}
