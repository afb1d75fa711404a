package io.etcddr.activities.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.contract.EngineDataConverter;
import io.etcddr.contract.TaskQueues;
import io.etcddr.engine.EngineActivities;
import io.etcddr.engine.RunRequest;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.engine.RunbookWorkflowImpl;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.model.RunbookLibrary;
import io.etcddr.testing.Histories;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A `cert.issue` step through the real interpreter and the real certificate activities on two
 * simulated nodes: the certificate is installed on the target, and the run's whole history holds no
 * private key — neither the PEM marker nor any piece of the key's bytes.
 */
class CertIssueKeepsKeysOutOfHistoryTest {

  @TempDir Path node1;
  @TempDir Path ca;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() throws Exception {
    Path caDir = Files.createDirectories(ca.resolve("etc/kubernetes/ssl"));
    ClusterCa.create(caDir, "kube-ca", Duration.ofDays(3650));
    Files.copy(
        caDir.resolve("kube-ca.pem"),
        Files.createDirectories(node1.resolve("etc/kubernetes/ssl")).resolve("kube-ca.pem"));
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(EngineDataConverter.create())
                        .build())
                .build());
    var worker = env.newWorker(TaskQueues.WORKER);
    worker.registerWorkflowImplementationTypes(RunbookWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FixedNodes());
    env.newWorker(TaskQueues.node("node1"))
        .registerActivitiesImplementations(
            new CertActivitiesImpl(new AgentPaths(node1), Clock.systemUTC()));
    env.newWorker(TaskQueues.node("ca"))
        .registerActivitiesImplementations(
            new CertActivitiesImpl(new AgentPaths(ca), Clock.systemUTC()));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void historyHoldsTheCertificateButNoKeyMaterial() throws Exception {
    RunResult first = run("first");
    RunResult second = run("second");

    String history = Histories.readable(env.getWorkflowClient(), "first", "second");
    String key =
        Files.readString(node1.resolve("etc/kubernetes/ssl/kube-etcd-127-0-0-116-key.pem"));
    String caKey = Files.readString(ca.resolve("etc/kubernetes/ssl/kube-ca-key.pem"));

    assertThat(((Map<?, ?>) first.steps().get("cert")).get("reused")).isEqualTo(false);
    assertThat(((Map<?, ?>) second.steps().get("cert")).get("reused")).isEqualTo(true);
    assertThat(history).contains("cert.issue.sign").contains("BEGIN CERTIFICATE");
    assertThat(history).doesNotContain("PRIVATE");
    for (String pem : new String[] {key, caKey}) {
      pem.lines()
          .filter(l -> !l.startsWith("-----") && l.length() >= 32)
          .forEach(chunk -> assertThat(history).doesNotContain(chunk.substring(0, 32)));
    }
  }

  private RunResult run(String id) throws Exception {
    Plan plan =
        new RunbookCompiler(RunbookLibrary.EMPTY)
            .compile("issue.yaml", Files.readString(Path.of("src/test/resources/cert/issue.yaml")))
            .planOrThrow();
    WorkflowStub stub =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(
                RunbookWorkflow.TYPE,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(TaskQueues.WORKER)
                    .build());
    stub.start(RunRequest.ofPlan(plan, Map.of()));
    return stub.getResult(RunResult.class);
  }

  /** The inventory's answer for this test's cluster: the CA key is on node "ca". */
  static final class FixedNodes implements EngineActivities {
    @Override
    public String approvalKey() {
      return "";
    }

    @Override
    public Plan loadPlan(String runbook) {
      throw new UnsupportedOperationException("runs here carry their plan");
    }

    @Override
    public void checkInputs(
        java.util.List<io.etcddr.contract.PlanInput> declared, Map<String, Object> inputs) {
      // this test's inputs name no nodes
    }

    @Override
    public String caNode(String cluster) {
      return "ca";
    }

    @Override
    public String deployNode(String cluster) {
      return "deploy";
    }
  }
}
