package io.etcddr.activities.etcd;

import io.etcddr.engine.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The worker's etcd activities: they need only the network (TLS to the members). */
@ActivityInterface
public interface EtcdActivities {

  record StatusRequest(String cluster, List<String> endpoints, String timeout) {}

  record AddLearnerRequest(String cluster, String name, String peerUrl) {}

  record AddLearnerResult(String memberId, boolean added, String initialCluster) {}

  /**
   * Asks every endpoint for its status (serializable, bounded by {@code timeout}, default 3 s) and
   * says whether the cluster has quorum. Read-only: any number of attempts is harmless. Answers
   * within the timeout even when every voter is down.
   */
  @ActivityMethod(name = "etcd.status")
  ClusterHealth status(StatusRequest request, StepContext context);

  /**
   * `member add --learner`, idempotent by peer URL: when a member with that peer URL exists, its id
   * is returned with {@code added=false}. Refused (non-retryable) when the cluster already has the
   * maximum number of learners; retried while etcd says the cluster is not yet healthy.
   */
  @ActivityMethod(name = "etcd.addLearner")
  AddLearnerResult addLearner(AddLearnerRequest request, StepContext context);
}
