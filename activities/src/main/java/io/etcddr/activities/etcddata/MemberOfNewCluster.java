package io.etcddr.activities.etcddata;

import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.etcddata.EtcdDataActivities.RestoreMemberRequest;
import io.etcddr.contract.etcddata.EtcdDataActivities.RestoreRequest;

/**
 * One member's part of a restore into a new multi-member cluster: which member this node is and its
 * peer URL, read from the cluster's member list, so one step fans out over every member.
 */
final class MemberOfNewCluster {

  private MemberOfNewCluster() {}

  static RestoreRequest request(RestoreMemberRequest request, String node) {
    if (request.clusterToken() == null || request.clusterToken().isBlank()) {
      throw ActivityFailures.badInput(
          "clusterToken is required: every member of the new cluster must share one");
    }
    String name = request.members() == null ? null : request.members().get(node);
    if (name == null) {
      throw ActivityFailures.badInput(
          "node " + node + " is not in `members` " + request.members() + "; restore only members");
    }
    return new RestoreRequest(
        request.source(),
        request.dataDir(),
        name,
        peerUrl(request.initialCluster(), name),
        request.initialCluster(),
        false,
        request.clusterToken(),
        request.image(),
        request.bumpRevision());
  }

  /** NAME's peer URL in NAME=URL,NAME=URL (a member with several URLs has several entries). */
  static String peerUrl(String initialCluster, String name) {
    if (initialCluster != null) {
      for (String entry : initialCluster.split(",")) {
        int equals = entry.indexOf('=');
        if (equals > 0 && entry.substring(0, equals).strip().equals(name)) {
          return entry.substring(equals + 1).strip();
        }
      }
    }
    throw ActivityFailures.badInput(
        "member " + name + " is not in initialCluster " + initialCluster);
  }
}
