package io.etcddr.contract;

import java.util.List;

/**
 * The steps the interpreter composes from other activities. Never implemented or registered: the
 * activity catalog reads their contract from here as it reads the activity interfaces'.
 */
public interface CompositeSteps {

  /** `agents.probe`'s `with:`. */
  record ProbeRequest(
      @Key(value = "the nodes to probe", as = Key.As.NODE) List<String> nodes,
      @Key(
              value = "how long an agent has to answer (default 10s)",
              optional = true,
              as = Key.As.DURATION)
          String timeout) {}

  /** `agents.probe`'s outputs. */
  record ProbeAnswers(
      @Key(value = "nodes whose agent answered", as = Key.As.NODE) List<String> answering,
      @Key(value = "nodes whose agent did not", as = Key.As.NODE) List<String> unreachable) {}

  @Composed(
      name = "cert.issue",
      kind = CompositeKind.SIGNED_ON_CA_NODE,
      parts = {"cert.issue.prepare", "cert.issue.sign", "cert.issue.install"})
  @Step(
      value =
          "Key and CSR made on the target node, signed on the CA node, certificate installed on"
              + " the target with RKE's names; reuses a valid existing certificate.",
      placement = Placement.NODE)
  CertIssueParts.Issued certIssue(CertIssueParts.IssueRequest request);

  @Composed(
      name = "agents.probe",
      kind = CompositeKind.EACH_NODE_ANSWERS,
      parts = {"host.ping"})
  @Step(
      value =
          "Which nodes' agents answer now: a host.ping on each node's task queue that must"
              + " start within `timeout` (works on any Temporal server).",
      placement = Placement.WORKER)
  ProbeAnswers agentsProbe(ProbeRequest request);
}
