package io.etcddr.lab;

import java.util.Map;

/**
 * One cell of the kill matrix over failover-to-learner: which process is SIGKILLed (the worker, or
 * the agent of a node) and at which point of the run. The process is started again at once.
 *
 * @param name how the table and {@code -DkillMatrix=NAME,...} call it: {@code victim@point}
 * @param victim {@code worker}, or the node whose agent is killed
 * @param point when it is killed
 * @param beforeApproval the point comes before the approval: approve only once it was killed
 */
record KillCell(String name, String victim, KillPoint point, boolean beforeApproval) {

  static final String WORKER = "worker";

  static KillCell worker(KillPoint point) {
    return new KillCell(WORKER + "@" + point.label(), WORKER, point, point.beforeApproval());
  }

  static KillCell agent(String node, KillPoint point) {
    return new KillCell(node + "@" + point.label(), node, point, point.beforeApproval());
  }

  /**
   * The environment of {@code process} (worker, or a node's agent) for this cell: the failpoint
   * variable for the victim when the point is a failpoint.
   */
  Map<String, String> environmentOf(String process) {
    return process.equals(victim) && point instanceof KillPoint.Failpoint failpoint
        ? Map.of("ETCD_DR_FAILPOINT", failpoint.step() + ":" + failpoint.when())
        : Map.of();
  }

  boolean killsWorker() {
    return victim.equals(WORKER);
  }
}
