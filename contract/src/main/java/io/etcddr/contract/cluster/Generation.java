package io.etcddr.contract.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One life of a cluster's etcd: its cluster ID, members and client URLs, and what made it. The
 * first generation is adopted from the first healthy status; each failover or restore makes the
 * next one.
 *
 * @param number 1, 2, ...
 * @param clusterId etcd's cluster ID, hex, as every response header carries it
 * @param reason {@code adopted} (first seen healthy) or the runbook that made it
 * @param workflowId the run that made it (empty when adopted)
 * @param madeAt epoch milliseconds
 * @param fromRevision the last revision of the data it was restored from, in the old cluster's
 *     numbering (null when adopted): every write up to it survived
 * @param divergences what the failover lost, one report per node of the old generation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Generation(
    int number,
    String clusterId,
    List<Member> members,
    List<String> clientUrls,
    String reason,
    String workflowId,
    String runId,
    long madeAt,
    Long fromRevision,
    List<Divergence> divergences) {

  public Generation {
    members = members == null ? List.of() : List.copyOf(members);
    clientUrls = clientUrls == null ? List.of() : List.copyOf(clientUrls);
    divergences = divergences == null ? List.of() : List.copyOf(divergences);
  }

  public Generation withMembers(List<Member> now, List<String> urls) {
    return new Generation(
        number, clusterId, now, urls, reason, workflowId, runId, madeAt, fromRevision, divergences);
  }

  /** With this node's report in place of any earlier one of the same node. */
  public Generation withDivergence(Divergence report) {
    List<Divergence> reports = new java.util.ArrayList<>(divergences);
    reports.removeIf(d -> d.node().equals(report.node()));
    reports.add(report);
    return new Generation(
        number,
        clusterId,
        members,
        clientUrls,
        reason,
        workflowId,
        runId,
        madeAt,
        fromRevision,
        reports);
  }

  /** A member as etcd lists it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Member(
      String id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
    public Member {
      peerUrls = peerUrls == null ? List.of() : List.copyOf(peerUrls);
      clientUrls = clientUrls == null ? List.of() : List.copyOf(clientUrls);
    }
  }

  /** What a caller knows when it asks for a generation to be recorded. */
  public record Proposal(
      String clusterId,
      List<Member> members,
      List<String> clientUrls,
      String reason,
      String workflowId,
      String runId,
      Long fromRevision) {

    public Proposal(
        String clusterId,
        List<Member> members,
        List<String> clientUrls,
        String reason,
        String workflowId,
        String runId) {
      this(clusterId, members, clientUrls, reason, workflowId, runId, null);
    }
  }
}
