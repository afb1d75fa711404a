package io.etcddr.contract.etcd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One endpoint as `etcdctl endpoint status -w table` shows it (ID, version, DB size, leader,
 * learner, raft term/index/applied index, errors), plus the cluster ID of its answer, whether it
 * answered and why not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointStatus(
    String endpoint,
    boolean reachable,
    String id,
    String clusterId,
    String name,
    String version,
    Long dbSize,
    String leader,
    Boolean isLearner,
    Long raftTerm,
    Long raftIndex,
    Long raftAppliedIndex,
    Long revision,
    List<String> errors,
    String error) {

  public static EndpointStatus unreachable(String endpoint, String error) {
    return new EndpointStatus(
        endpoint, false, null, null, null, null, null, null, null, null, null, null, null, null,
        error);
  }

  public boolean answeringVoter() {
    return reachable && Boolean.FALSE.equals(isLearner);
  }

  public EndpointStatus named(String memberName) {
    return new EndpointStatus(
        endpoint,
        reachable,
        id,
        clusterId,
        memberName,
        version,
        dbSize,
        leader,
        isLearner,
        raftTerm,
        raftIndex,
        raftAppliedIndex,
        revision,
        errors,
        error);
  }
}
