package io.etcddr.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.engine.RunState;
import io.etcddr.engine.RunStatus;
import io.etcddr.engine.StepState;
import io.etcddr.engine.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The doctor's verdicts from what its run saw: each threshold and each way to be not ready, on
 * outputs shaped as the activities return them (the lab test runs them for real).
 */
class ReadinessTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Cluster CLUSTER =
      new Cluster(
          "prod",
          "/etc/rke/cluster.yml",
          "deploy",
          "deploy",
          null,
          null,
          null,
          new Cluster.Etcd(List.of("https://10.0.0.1:2379"), "ca", "cert", "key"),
          List.of(
              new Cluster.Node("m1", "10.0.0.1", "A"),
              new Cluster.Node("m2", "10.0.0.2", "A"),
              new Cluster.Node("m3", "10.0.0.3", "A"),
              new Cluster.Node("l1", "10.0.1.1", "B"),
              new Cluster.Node("deploy", "10.0.1.2", "B")));

  @Test
  void aHealthyClusterWithALearnerInSiteBIsReady() {
    List<Check> checks =
        Readiness.of(CLUSTER, doctor(healthy()), Optional.of(drill(Duration.ofHours(3))), NOW);
    assertThat(checks)
        .allSatisfy(c -> assertThat(c.verdict()).as(c.toString()).isEqualTo(Check.Verdict.OK));
    assertThat(find(checks, "learner").detail()).isEqualTo("l1 in site B, 7 revisions behind");
    assertThat(find(checks, "last drill").detail())
        .isEqualTo("succeeded 3 h ago, RPO 0 revisions, restore 291 ms");
    assertThat(find(checks, "clock skew").detail()).isEqualTo("40 ms between 5 nodes");
  }

  @Test
  void theCaKeyMissingOnTheCaNodeIsNotReadyAndOneBesideTheVotersIsAWarning() {
    Map<String, Map<String, Object>> steps = healthy();
    assertThat(find(Readiness.of(CLUSTER, doctor(steps), Optional.empty(), NOW), "ca key"))
        .extracting(Check::verdict, Check::detail)
        .containsExactly(
            Check.Verdict.OK,
            "CA node deploy (site B) holds it; the CA is valid until 2036-01-01T00:00:00Z");

    steps.put(
        "ca",
        Map.of(
            "present",
            false,
            "caNotAfter",
            "",
            "detail",
            "no /etc/kubernetes/ssl/kube-ca-key.pem" + " on this node"));
    assertThat(find(Readiness.of(CLUSTER, doctor(steps), Optional.empty(), NOW), "ca key"))
        .extracting(Check::verdict, Check::detail)
        .containsExactly(
            Check.Verdict.NOT_READY,
            "CA node deploy: no /etc/kubernetes/ssl/kube-ca-key.pem on this node");

    Cluster caWithTheVoters =
        new Cluster(
            CLUSTER.name(),
            CLUSTER.rkeConfig(),
            CLUSTER.deployNode(),
            "m1",
            null,
            null,
            null,
            CLUSTER.etcd(),
            CLUSTER.nodes());
    assertThat(
            find(Readiness.of(caWithTheVoters, doctor(healthy()), Optional.empty(), NOW), "ca key"))
        .extracting(Check::verdict, Check::detail)
        .containsExactly(
            Check.Verdict.WARN,
            "CA node m1 in site A with the voters: lost with them; keep a copy away (etcd-dr"
                + " ca-key backup)");
  }

  @Test
  void aLearnerInTheVotersSiteProtectsNothing() {
    Map<String, Map<String, Object>> steps = healthy();
    statusWith(steps, member("https://10.0.0.3:2379", true, 100)); // m3, site A, as a learner
    Check learner = find(Readiness.of(CLUSTER, doctor(steps), Optional.empty(), NOW), "learner");
    assertThat(learner.verdict()).isEqualTo(Check.Verdict.NOT_READY);
    assertThat(learner.detail()).isEqualTo("no learner outside the voters' sites [A]: m3 (site A)");
  }

  @Test
  void certificatesWarnInsideThirtyDaysAndFailWhenExpired() {
    Map<String, Map<String, Object>> steps = healthy();
    steps.put("certificates", certificates(12));
    assertThat(find(Readiness.of(CLUSTER, doctor(steps), Optional.empty(), NOW), "certificates"))
        .extracting(Check::verdict, Check::detail)
        .containsExactly(
            Check.Verdict.WARN,
            "soonest expiry in 12 days (https://10.0.0.1:2379 on 2026-12-13T12:00:00Z): renew them");
    steps.put("certificates", certificates(-1));
    assertThat(
            find(Readiness.of(CLUSTER, doctor(steps), Optional.empty(), NOW), "certificates")
                .verdict())
        .isEqualTo(Check.Verdict.NOT_READY);
  }

  @Test
  void skewedClocksAMissingRkeStateAndAnOldDrillAreReported() {
    Map<String, Map<String, Object>> steps = healthy();
    steps.get("clocks").put("l1", Map.of("epochMillis", NOW.toEpochMilli() + 3_000));
    steps.put(
        "rke",
        Map.of(
            "rke",
            "/usr/local/bin/rke",
            "config",
            "/etc/rke/cluster.yml",
            "configExists",
            true,
            "stateExists",
            false));
    List<Check> checks =
        Readiness.of(CLUSTER, doctor(steps), Optional.of(drill(Duration.ofDays(3))), NOW);
    assertThat(find(checks, "clock skew").verdict()).isEqualTo(Check.Verdict.NOT_READY);
    assertThat(find(checks, "rke").detail())
        .isEqualTo("deploy node deploy lacks cluster.rkestate beside it");
    assertThat(find(checks, "last drill"))
        .extracting(Check::verdict, Check::detail)
        .containsExactly(
            Check.Verdict.WARN,
            "succeeded 3 d ago, RPO 0 revisions, restore 291 ms (older than 2 days)");
  }

  @Test
  void aFailedStatusAndAMissingAgentAreNotReady() {
    Map<String, Map<String, Object>> steps = healthy();
    steps.put(
        "agents",
        Map.of("answering", List.of("m1", "m2", "m3", "deploy"), "unreachable", List.of("l1")));
    List<StepStatus> statuses = statuses(steps);
    statuses.replaceAll(
        s ->
            s.id().equals("status")
                ? new StepStatus(
                    "status",
                    null,
                    "etcd.status",
                    false,
                    StepState.FAILED_CONTINUED,
                    List.of(),
                    1L,
                    2L,
                    null,
                    "no endpoint answered",
                    null)
                : s);
    List<Check> checks = Readiness.of(CLUSTER, run(statuses), Optional.empty(), NOW);
    assertThat(find(checks, "agent l1").detail()).contains("no agent took work on etcd-dr@l1");
    assertThat(find(checks, "etcd").detail()).isEqualTo("status failed: no endpoint answered");
    assertThat(find(checks, "learner").verdict()).isEqualTo(Check.Verdict.NOT_READY);
  }

  private static Map<String, Map<String, Object>> healthy() {
    Map<String, Map<String, Object>> steps = new LinkedHashMap<>();
    steps.put(
        "agents",
        Map.of("answering", List.of("m1", "m2", "m3", "l1", "deploy"), "unreachable", List.of()));
    steps.put("status", new LinkedHashMap<>());
    statusWith(steps, member("https://10.0.1.1:2379", true, 93));
    steps.put("certificates", certificates(300));
    Map<String, Object> clocks = new LinkedHashMap<>();
    long t = NOW.toEpochMilli();
    for (String node : List.of("m1", "m2", "m3", "l1", "deploy")) {
      clocks.put(node, Map.of("epochMillis", t += 10));
    }
    steps.put("clocks", clocks);
    steps.put(
        "rke",
        Map.of(
            "rke",
            "/usr/local/bin/rke",
            "config",
            "/etc/rke/cluster.yml",
            "configExists",
            true,
            "stateExists",
            true));
    steps.put(
        "ca",
        Map.of(
            "present",
            true,
            "caNotAfter",
            "2036-01-01T00:00:00Z",
            "detail",
            "kube-ca-key.pem in /etc/kubernetes/ssl"));
    return steps;
  }

  private static void statusWith(
      Map<String, Map<String, Object>> steps, Map<String, Object> learner) {
    List<Map<String, Object>> members = new ArrayList<>();
    for (String voter :
        List.of("https://10.0.0.1:2379", "https://10.0.0.2:2379", "https://10.0.0.3:2379")) {
      if (!voter.equals(learner.get("endpoint"))) {
        members.add(member(voter, false, 100));
      }
    }
    members.add(learner);
    Map<String, Object> status = steps.get("status");
    status.put("quorum", true);
    status.put("leader", "8e9e05c52164694d");
    status.put("revision", 100);
    status.put("clusterId", "cdf818194e3a8c32");
    status.put("splitBrain", false);
    status.put("members", members);
  }

  private static Map<String, Object> member(String endpoint, boolean learner, long revision) {
    return Map.of(
        "endpoint", endpoint, "reachable", true, "isLearner", learner, "revision", revision);
  }

  private static Map<String, Object> certificates(long days) {
    Map<String, Object> member =
        Map.of(
            "of",
            "https://10.0.0.1:2379",
            "subject",
            "CN=kube-etcd",
            "notAfter",
            NOW.plus(Duration.ofDays(days)).toString(),
            "daysLeft",
            days);
    return Map.of(
        "ca",
            Map.of(
                "of",
                "ca",
                "subject",
                "CN=kube-ca",
                "notAfter",
                "2036-01-01T00:00:00Z",
                "daysLeft",
                3000),
        "members", List.of(member),
        "unreachable", List.of(),
        "soonestDaysLeft", days);
  }

  private static RunStatus doctor(Map<String, Map<String, Object>> steps) {
    return run(statuses(steps));
  }

  private static List<StepStatus> statuses(Map<String, Map<String, Object>> steps) {
    List<StepStatus> statuses = new ArrayList<>();
    steps.forEach(
        (id, outputs) ->
            statuses.add(
                new StepStatus(
                    id, null, id, false, StepState.DONE, List.of(), 1L, 2L, outputs, null, null)));
    return statuses;
  }

  private static RunStatus run(List<StepStatus> steps) {
    return new RunStatus(
        "doctor", RunState.SUCCEEDED, Map.of(), 0L, 1L, steps, null, null, Map.of());
  }

  private static RunStatus drill(Duration ago) {
    long ended = NOW.minus(ago).toEpochMilli();
    return new RunStatus(
        "learner-drill",
        RunState.SUCCEEDED,
        Map.of(),
        ended - 30_000,
        ended,
        List.of(
            new StepStatus(
                "caught-up",
                null,
                "etcd.waitCaughtUp",
                false,
                StepState.DONE,
                List.of(),
                1L,
                2L,
                Map.of("revisionLag", 0, "lag", 0),
                null,
                null),
            new StepStatus(
                "restore",
                null,
                "etcd.restoreSingleNode",
                false,
                StepState.DONE,
                List.of("l1"),
                1L,
                2L,
                Map.of("millis", 291),
                null,
                null)),
        null,
        null,
        Map.of());
  }

  private static Check find(List<Check> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}
