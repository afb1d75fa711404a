package io.etcddr.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.activities.AgentEnvironment;
import io.etcddr.activities.docker.ContainerAllowList;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.contract.EngineDataConverter;
import io.etcddr.contract.TaskQueues;
import io.etcddr.devserver.TemporalTestServer;
import io.etcddr.engine.RunRequest;
import io.etcddr.engine.RunResult;
import io.etcddr.engine.RunbookWorkflow;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.RunbookCompiler;
import io.etcddr.runbook.model.RunbookLibrary;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile runbooks against a real agent (a Temporal server process, the agent of node n1 with its
 * own root and the default allowed paths): `..` out of an allowed path, a symbolic link out of the
 * root, a link from an allowed path into a forbidden one, a write into /root, a container outside
 * the allow-list — each refused as BadInput before anything is touched.
 */
class ConfinementIT {

  @TempDir static Path dir;
  private static TemporalTestServer server;
  private static WorkerProcess agent;
  private static WorkflowClient client;
  private static WorkflowServiceStubs service;
  private static Path root;
  private static Path outside;

  @BeforeAll
  static void start() throws Exception {
    root = Files.createDirectories(dir.resolve("node-root"));
    outside = Files.writeString(dir.resolve("outside-secret.txt"), "not for runbooks");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/shadow"), "root:x:");
    Path work = Files.createDirectories(root.resolve("tmp/etcd-dr-work"));
    Files.createSymbolicLink(work.resolve("escape"), outside);
    Files.createDirectories(root.resolve("var/lib/etcd-dr"));
    Files.createSymbolicLink(root.resolve("var/lib/etcd-dr/etc-link"), root.resolve("etc"));

    int port = FreePort.on("127.0.0.1");
    server = TemporalTestServer.start(port, dir.resolve("server.log"));
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setDataConverter(EngineDataConverter.create())
                .build());
    Path inventory = TestInventory.write(dir.resolve("clusters"), List.of("c"), List.of("n1"));
    AgentEnvironment node =
        new AgentEnvironment(
            new AgentPaths(root, AgentPaths.DEFAULT_ALLOWED),
            "unix://" + dir.resolve("no-docker.sock"),
            new ContainerAllowList(ContainerAllowList.DEFAULT),
            "rke",
            null,
            null);
    agent =
        WorkerProcess.start(
            client,
            true,
            List.of("n1"),
            Path.of("src/test/resources/confinement"),
            inventory,
            node);
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    if (service != null) {
      service.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void dotDotOutOfAnAllowedPathIsRefused() throws Exception {
    assertRefused(
        "hostile-file",
        Map.of("path", "/var/lib/etcd/../../../etc/shadow"),
        "outside this agent's allowed paths");
  }

  @Test
  void aSymbolicLinkOutOfTheRootIsRefused() throws Exception {
    assertRefused(
        "hostile-file",
        Map.of("path", "/tmp/etcd-dr-work/escape"),
        "leaves the agent's root through a symbolic link");
    assertRefused(
        "hostile-file",
        Map.of("path", "/tmp/etcd-dr-work/escape", "action", "write"),
        "leaves the agent's root through a symbolic link");
    assertThat(Files.readString(outside)).isEqualTo("not for runbooks");
  }

  @Test
  void aSymbolicLinkFromAnAllowedPathIntoAForbiddenOneIsRefused() throws Exception {
    assertRefused(
        "hostile-file",
        Map.of("path", "/var/lib/etcd-dr/etc-link/shadow", "action", "write"),
        "leads through a symbolic link to /etc");
    assertThat(Files.readString(root.resolve("etc/shadow"))).isEqualTo("root:x:");
  }

  @Test
  void aWriteIntoRootsHomeIsRefused() throws Exception {
    assertRefused(
        "hostile-file",
        Map.of("path", "/root/.ssh/authorized_keys", "action", "write"),
        "outside this agent's allowed paths");
    assertThat(root.resolve("root")).doesNotExist();
  }

  @Test
  void aContainerOutsideTheAllowListIsRefused() throws Exception {
    assertRefused(
        "hostile-container", Map.of("container", "payments-db"), "not on this agent's allow-list");
  }

  private static void assertRefused(String runbook, Map<String, Object> inputs, String reason)
      throws Exception {
    Plan plan =
        new RunbookCompiler(RunbookLibrary.EMPTY)
            .compile(
                runbook + ".yaml",
                Files.readString(Path.of("src/test/resources/confinement/" + runbook + ".yaml")))
            .planOrThrow();
    WorkflowStub run =
        client.newUntypedWorkflowStub(
            RunbookWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(runbook + "-" + System.nanoTime())
                .setTaskQueue(TaskQueues.WORKER)
                .build());
    run.start(RunRequest.ofPlan(plan, inputs));
    assertThatThrownBy(() -> run.getResult(60, TimeUnit.SECONDS, RunResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining(reason);
    String history = client.fetchHistory(run.getExecution().getWorkflowId()).toJson(false);
    assertThat(history).contains("BadInput");
  }
}
