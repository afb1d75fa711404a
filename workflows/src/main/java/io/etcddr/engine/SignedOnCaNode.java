package io.etcddr.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.contract.CertIssueParts.InstallRequest;
import io.etcddr.contract.CertIssueParts.IssueRequest;
import io.etcddr.contract.CertIssueParts.Issued;
import io.etcddr.contract.CertIssueParts.Prepared;
import io.etcddr.contract.CertIssueParts.SignRequest;
import io.etcddr.contract.CertIssueParts.Signed;
import io.etcddr.contract.CompositeKind;
import io.etcddr.contract.FailureType;
import io.etcddr.contract.PlanJson;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.TaskQueues;
import io.etcddr.runbook.catalog.Composite;
import io.etcddr.runbook.compile.PlanStep;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

/**
 * A composite of kind {@link CompositeKind#SIGNED_ON_CA_NODE} (the catalog's `cert.issue`), as
 * three activities on two nodes: key and CSR on the target (its first part), signing on the
 * cluster's CA node (the second), install on the target (the third). Only the CSR and the
 * certificate pass through the workflow, so no key material can reach its history.
 */
final class SignedOnCaNode {

  /** How long the CA node's agent has to take the signing before the step fails, naming it. */
  static final Duration CA_REACH = Duration.ofSeconds(10);

  /** Plain values in, plain values out: what the interpreter passes between steps. */
  private static final ObjectMapper VALUES = PlanJson.mapper();

  private final NodeLookups lookups;

  SignedOnCaNode(NodeLookups lookups) {
    this.lookups = lookups;
  }

  /** The step's outputs for one node, as the catalog declares them. */
  @SuppressWarnings("unchecked")
  Map<String, Object> run(
      PlanStep step, Composite parts, String node, Object with, StepContext context) {
    return VALUES.convertValue(issue(step, parts, node, with, context), Map.class);
  }

  private Issued issue(
      PlanStep step, Composite parts, String node, Object with, StepContext context) {
    IssueRequest request = VALUES.convertValue(with, IssueRequest.class);
    Prepared prepared =
        stub(step, node, "make key and CSR on " + node)
            .execute(parts.part(0), Prepared.class, request, context);
    if (prepared.reused()) {
      return new Issued(
          prepared.certPath(), prepared.keyPath(), prepared.serial(), prepared.notAfter(), true);
    }
    String caNode = lookups.caNode(request.cluster());
    Signed signed = sign(step, parts.part(1), node, caNode, request, prepared, context);
    Issued installed =
        stub(step, node, "install the certificate on " + node)
            .execute(
                parts.part(2),
                Issued.class,
                new InstallRequest(request.address(), request.certDir(), signed.certificate()),
                context);
    return new Issued(
        installed.certPath(), installed.keyPath(), installed.serial(), installed.notAfter(), false);
  }

  /**
   * Signing on the CA node, which must take the work within {@link #CA_REACH}: a CA node whose
   * agent is gone fails the step in seconds, naming it, instead of after the step's whole timeout.
   */
  private static Signed sign(
      PlanStep step,
      String signing,
      String node,
      String caNode,
      IssueRequest request,
      Prepared prepared,
      StepContext context) {
    ActivityOptions options =
        ActivityOptions.newBuilder(
                StepOptions.activity(
                    step, TaskQueues.node(caNode), "sign the CSR of " + node + " on " + caNode))
            .setScheduleToStartTimeout(CA_REACH)
            .build();
    try {
      return Workflow.newUntypedActivityStub(options)
          .execute(
              signing,
              Signed.class,
              new SignRequest(prepared.csr(), request.validity(), request.certDir()),
              context);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof TimeoutFailure timeout
          && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the CA node "
                + caNode
                + " does not answer: no agent took the signing on "
                + TaskQueues.node(caNode)
                + " within "
                + CA_REACH.toSeconds()
                + " s; start its agent, or restore the CA key on a node that answers (etcd-dr"
                + " ca-key restore) and make that node caNode",
            FailureType.PreconditionFailed.name());
      }
      throw failure;
    }
  }

  private static ActivityStub stub(PlanStep step, String node, String summary) {
    return Workflow.newUntypedActivityStub(
        StepOptions.activity(step, TaskQueues.node(node), summary));
  }
}
