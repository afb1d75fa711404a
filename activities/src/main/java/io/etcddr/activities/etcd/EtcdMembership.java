package io.etcddr.activities.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.OneLine;
import io.etcddr.contract.etcd.EtcdActivities;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Member lookups by name or hex id, and the idempotent membership changes built on them. */
final class EtcdMembership {

  private EtcdMembership() {}

  static List<Member> members(Client client)
      throws ExecutionException, InterruptedException, TimeoutException {
    return client.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers();
  }

  static Optional<Member> find(List<Member> members, String nameOrId) {
    return members.stream()
        .filter(
            m ->
                m.getName().equals(nameOrId)
                    || Long.toHexString(m.getId()).equalsIgnoreCase(nameOrId))
        .findFirst();
  }

  static EtcdActivities.Promoted promote(Client client, String member) throws Exception {
    Member found =
        find(members(client), member)
            .orElseThrow(
                () -> ActivityFailures.badInput("no member `" + member + "` in the cluster"));
    if (!found.isLearner()) {
      return new EtcdActivities.Promoted(Long.toHexString(found.getId()), false);
    }
    try {
      client.getClusterClient().promoteMember(found.getId()).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      String why = OneLine.rootCause(e);
      if (why.contains("in sync with leader") || why.contains("not ready")) {
        // Retrying is right: the learner is still catching up.
        throw ActivityFailures.retryable(
            "etcd says the learner is not caught up yet ("
                + why
                + "); run etcd.waitCaughtUp first");
      }
      throw e;
    }
    return new EtcdActivities.Promoted(Long.toHexString(found.getId()), true);
  }

  static EtcdActivities.Removed remove(Client client, String member) throws Exception {
    Optional<Member> found = find(members(client), member);
    if (found.isEmpty()) {
      return new EtcdActivities.Removed(false);
    }
    client.getClusterClient().removeMember(found.get().getId()).get(10, TimeUnit.SECONDS);
    return new EtcdActivities.Removed(true);
  }
}
