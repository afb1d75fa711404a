package io.etcddr.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.engine.CertIssueParts.InstallRequest;
import io.etcddr.engine.CertIssueParts.IssueRequest;
import io.etcddr.engine.CertIssueParts.Issued;
import io.etcddr.engine.CertIssueParts.Prepared;
import io.etcddr.engine.CertIssueParts.SignRequest;
import io.etcddr.engine.CertIssueParts.Signed;
import io.etcddr.runbook.compile.PlanJson;
import io.etcddr.runbook.compile.PlanStep;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * The catalog's composite `cert.issue`, as three activities on two nodes: key and CSR on the target
 * (`cert.issue.prepare`), signing on the cluster's CA node (`cert.issue.sign`), install on the
 * target (`cert.issue.install`). Only the CSR and the certificate pass through the workflow, so no
 * key material can reach its history.
 */
final class CertIssue {

  static final String NAME = "cert.issue";

  /** Plain values in, plain values out: what the interpreter passes between steps. */
  private static final ObjectMapper VALUES = PlanJson.mapper();

  private final NodeLookups lookups;

  CertIssue(NodeLookups lookups) {
    this.lookups = lookups;
  }

  /** The step's outputs for one node, as the catalog declares them. */
  @SuppressWarnings("unchecked")
  Map<String, Object> run(PlanStep step, String node, Object with, StepContext context) {
    return VALUES.convertValue(issue(step, node, with, context), Map.class);
  }

  private Issued issue(PlanStep step, String node, Object with, StepContext context) {
    IssueRequest request = VALUES.convertValue(with, IssueRequest.class);
    Prepared prepared =
        stub(step, node, "make key and CSR on " + node)
            .execute(NAME + ".prepare", Prepared.class, request, context);
    if (prepared.reused()) {
      return new Issued(
          prepared.certPath(), prepared.keyPath(), prepared.serial(), prepared.notAfter(), true);
    }
    String caNode = lookups.caNode(request.cluster());
    Signed signed =
        stub(step, caNode, "sign the CSR of " + node + " on " + caNode)
            .execute(
                NAME + ".sign",
                Signed.class,
                new SignRequest(prepared.csr(), request.validity(), request.certDir()),
                context);
    Issued installed =
        stub(step, node, "install the certificate on " + node)
            .execute(
                NAME + ".install",
                Issued.class,
                new InstallRequest(request.address(), request.certDir(), signed.certificate()),
                context);
    return new Issued(
        installed.certPath(), installed.keyPath(), installed.serial(), installed.notAfter(), false);
  }

  private static ActivityStub stub(PlanStep step, String node, String summary) {
    return Workflow.newUntypedActivityStub(
        StepOptions.activity(step, TaskQueues.node(node), summary));
  }
}
