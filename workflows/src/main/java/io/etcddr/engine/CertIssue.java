package io.etcddr.engine;

import io.etcddr.runbook.compile.PlanStep;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalog's composite `cert.issue`, as three activities on two nodes: key and CSR on the target
 * (`cert.issue.prepare`), signing on the cluster's CA node (`cert.issue.sign`), install on the
 * target (`cert.issue.install`). Only the CSR and the certificate pass through the workflow, so no
 * key material can reach its history.
 */
final class CertIssue {

  static final String NAME = "cert.issue";

  private final NodeLookups lookups;

  CertIssue(NodeLookups lookups) {
    this.lookups = lookups;
  }

  @SuppressWarnings("unchecked")
  Object run(PlanStep step, String node, Object with, StepContext context) {
    Map<String, Object> request = (Map<String, Object>) with;
    Map<String, Object> prepared =
        stub(step, node, "make key and CSR on " + node)
            .execute(NAME + ".prepare", Map.class, request, context);
    if (Boolean.TRUE.equals(prepared.get("reused"))) {
      return outputs(prepared, true);
    }
    String cluster = String.valueOf(request.get("cluster"));
    String caNode = lookups.caNode(cluster);
    Map<String, Object> sign = new LinkedHashMap<>();
    sign.put("csr", prepared.get("csr"));
    sign.put("validity", request.get("validity"));
    sign.put("certDir", request.get("certDir"));
    Map<String, Object> signed =
        stub(step, caNode, "sign the CSR of " + node + " on " + caNode)
            .execute(NAME + ".sign", Map.class, sign, context);
    Map<String, Object> install = new LinkedHashMap<>();
    install.put("address", request.get("address"));
    install.put("certDir", request.get("certDir"));
    install.put("certificate", signed.get("certificate"));
    Map<String, Object> installed =
        stub(step, node, "install the certificate on " + node)
            .execute(NAME + ".install", Map.class, install, context);
    return outputs(installed, false);
  }

  private static ActivityStub stub(PlanStep step, String node, String summary) {
    return Workflow.newUntypedActivityStub(
        StepOptions.activity(step, TaskQueues.node(node), summary));
  }

  private static Map<String, Object> outputs(Map<String, Object> result, boolean reused) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("certPath", result.get("certPath"));
    out.put("keyPath", result.get("keyPath"));
    out.put("serial", result.get("serial"));
    out.put("notAfter", result.get("notAfter"));
    out.put("reused", reused);
    return out;
  }
}
