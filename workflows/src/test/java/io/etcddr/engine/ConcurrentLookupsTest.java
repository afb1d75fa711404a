package io.etcddr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deploy node and the CA node are looked up by an activity, once per cluster and run, while
 * other branches of the same run go on: parallel deploy-node steps and a `cert.issue` fanned out
 * over three nodes share one lookup each and never trip over each other.
 */
class ConcurrentLookupsTest {

  private final EngineHarness harness = new EngineHarness("n1", "n2", "n3", "ca", "deploy");

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void parallelStepsAndFanOutShareOneLookupEach() {
    harness
        .activities
        .on("cert.issue.prepare", (w, c, a) -> Map.of("reused", false, "csr", "CSR " + c.node()))
        .on("cert.issue.sign", (w, c, a) -> Map.of("certificate", "CERT"))
        .on(
            "cert.issue.install",
            (w, c, a) ->
                Map.of(
                    "certPath",
                    "/ssl/" + c.node(),
                    "keyPath",
                    "/ssl/k",
                    "serial",
                    "1",
                    "notAfter",
                    "2030-01-01T00:00:00Z"));

    RunResult result = harness.start("lookups", Map.of()).getResult(RunResult.class);

    assertThat(result.steps()).containsKeys("certs", "rewrite", "up");
    assertThat(harness.activities.callsOf("cert.issue.sign"))
        .extracting(ScriptedActivities.Call::taskQueue)
        .containsExactly("etcd-dr@ca", "etcd-dr@ca", "etcd-dr@ca");
    assertThat(harness.activities.callsOf("rke.up"))
        .extracting(ScriptedActivities.Call::taskQueue)
        .containsExactly("etcd-dr@deploy");
    assertThat(harness.activities.callsOf("rke.externalEtcd"))
        .extracting(ScriptedActivities.Call::taskQueue)
        .containsExactly("etcd-dr@deploy");
    assertThat(harness.lookups).containsExactlyInAnyOrder("caNode lab", "deployNode lab");
    @SuppressWarnings("unchecked")
    Map<String, Object> certs = (Map<String, Object>) result.steps().get("certs");
    assertThat(certs.keySet()).containsExactlyElementsOf(List.of("n1", "n2", "n3"));
  }
}
