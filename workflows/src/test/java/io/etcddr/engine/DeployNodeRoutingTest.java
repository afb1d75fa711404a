package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A deploy-node activity without `on:` goes to the cluster's deploy node from the inventory. */
class DeployNodeRoutingTest {

  private final EngineHarness harness = new EngineHarness("deploy");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void rkeUpRunsOnTheDeployNodesAgent() {
    harness.start("deploy", Map.of()).getResult(RunResult.class);

    assertThat(harness.activities.callsOf("rke.up").get(0).taskQueue()).isEqualTo("etcd-dr@deploy");
  }
}
