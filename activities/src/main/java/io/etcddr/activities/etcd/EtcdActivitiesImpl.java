package io.etcddr.activities.etcd;

import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.HashKVResponse;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.activities.support.Heartbeats;
import io.etcddr.activities.support.StepInputs;
import io.etcddr.contract.OneLine;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.contract.etcd.EndpointStatus;
import io.etcddr.contract.etcd.EtcdActivities;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The worker's etcd activities over the cluster as its durable record knows it: the current
 * generation's endpoints, every answer checked for the expected cluster ID.
 */
public final class EtcdActivitiesImpl implements EtcdActivities, Preflighted {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** etcd 3.4/3.5 allow one learner (--experimental-max-learners raises it in 3.6). */
  static final int MAX_LEARNERS = 1;

  private final EtcdClusters clusters;
  private final ClusterProbe probe;

  public EtcdActivitiesImpl(EtcdClusters clusters) {
    this.clusters = clusters;
    this.probe = new ClusterProbe(clusters.records());
  }

  /** The same activities over read-only records: a status through them notes nothing. */
  public EtcdActivitiesImpl readOnly() {
    return new EtcdActivitiesImpl(clusters.readOnly());
  }

  @Override
  public PreflightTable preflights() {
    return new EtcdPreflights(readOnly()).table();
  }

  @Override
  public ClusterHealth status(StatusRequest request, StepContext context) {
    boolean explicit = request.endpoints() != null && !request.endpoints().isEmpty();
    EtcdCluster cluster = clusters.resolve(request.cluster());
    return probe.status(
        explicit ? cluster.at(request.endpoints()) : cluster,
        StepInputs.duration("timeout", request.timeout(), DEFAULT_TIMEOUT),
        !explicit);
  }

  @Override
  public LearnerView learnerView(LearnerViewRequest request, StepContext context) {
    EtcdCluster cluster = clusters.resolve(request.cluster());
    return LearnerWatch.view(
        request.endpoint(),
        cluster.tls(),
        StepInputs.duration("pause", request.pause(), null),
        StepInputs.duration("timeout", request.timeout(), DEFAULT_TIMEOUT));
  }

  /** The cluster as the inventory describes it: nodes, sites, TLS files. */
  public io.etcddr.activities.inventory.Cluster described(String cluster) {
    return clusters.described(cluster);
  }

  /** The cluster's health with default timeouts, for the activities that act on it. */
  public ClusterHealth health(String cluster) {
    return status(new StatusRequest(cluster, null, null), null);
  }

  @Override
  public AddLearnerResult addLearner(AddLearnerRequest request, StepContext context) {
    EtcdCluster cluster = clusters.resolve(request.cluster());
    ClusterHealth health = health(request.cluster());
    URI peer = URI.create(request.peerUrl());
    return EtcdCalls.on(
        voters(cluster, health),
        cluster.tls(),
        "member add --learner",
        client -> {
          var listed = client.getClusterClient().listMember().get(10, TimeUnit.SECONDS);
          EtcdCalls.expectCluster(
              listed.getHeader().getClusterId(), health.clusterId(), "member list");
          List<Member> members = listed.getMembers();
          for (Member member : members) {
            if (member.getPeerURIs().contains(peer)) {
              return new AddLearnerResult(
                  Long.toHexString(member.getId()), false, initialCluster(members, null, null));
            }
          }
          List<String> learners =
              members.stream().filter(Member::isLearner).map(Member::getName).toList();
          if (learners.size() >= MAX_LEARNERS) {
            throw ActivityFailures.precondition(
                "the cluster already has "
                    + learners.size()
                    + " learner(s), etcd's maximum; promote or remove "
                    + learners
                    + " first");
          }
          // "etcdserver: unhealthy cluster" right after start, leader changes: retried.
          var added =
              client.getClusterClient().addMember(List.of(peer), true).get(10, TimeUnit.SECONDS);
          EtcdCalls.expectCluster(
              added.getHeader().getClusterId(), health.clusterId(), "member add");
          return new AddLearnerResult(
              Long.toHexString(added.getMember().getId()),
              true,
              initialCluster(added.getMembers(), request.name(), peer));
        });
  }

  @Override
  public CaughtUp waitCaughtUp(MemberRequest request, StepContext context) {
    long maxLag = request.maxLag() == null ? 10 : request.maxLag();
    while (true) {
      ClusterHealth health = health(request.cluster());
      EndpointStatus learner =
          health.members().stream()
              .filter(
                  m ->
                      request.member().equals(m.name())
                          || request.member().equalsIgnoreCase(String.valueOf(m.id())))
              .findFirst()
              .orElseThrow(
                  () ->
                      ActivityFailures.retryable(
                          "member `" + request.member() + "` does not answer yet"));
      EndpointStatus leader =
          health.members().stream()
              .filter(m -> m.reachable() && m.id() != null && m.id().equals(health.leader()))
              .findFirst()
              .orElseThrow(() -> ActivityFailures.retryable("the cluster has no leader now"));
      long lag = leader.raftAppliedIndex() - learner.raftAppliedIndex();
      long revisionLag =
          leader.revision() == null || learner.revision() == null
              ? 0
              : leader.revision() - learner.revision();
      Heartbeats.beat("lag " + lag);
      if (lag <= maxLag) {
        return new CaughtUp(
            learner.raftAppliedIndex(), leader.raftAppliedIndex(), lag, Math.max(0, revisionLag));
      }
      Heartbeats.pause(Duration.ofSeconds(1));
    }
  }

  @Override
  public Promoted promote(MemberRef request, StepContext context) {
    EtcdCluster cluster = clusters.resolve(request.cluster());
    return EtcdCalls.on(
        voters(cluster, health(request.cluster())),
        cluster.tls(),
        "promote",
        client -> EtcdMembership.promote(client, request.member()));
  }

  @Override
  public Removed removeMember(MemberRef request, StepContext context) {
    EtcdCluster cluster = clusters.resolve(request.cluster());
    return EtcdCalls.on(
        voters(cluster, health(request.cluster())),
        cluster.tls(),
        "member remove",
        client -> EtcdMembership.remove(client, request.member()));
  }

  @Override
  public Certificates certificates(ClusterRef request, StepContext context) {
    return CertificateExpiry.of(
        clusters.resolve(request.cluster()), Duration.ofSeconds(3), java.time.Instant.now());
  }

  @Override
  public Members members(ClusterRef request, StepContext context) {
    EtcdCluster cluster = clusters.resolve(request.cluster());
    ClusterHealth health = health(request.cluster());
    return EtcdCalls.on(
        voters(cluster, health),
        cluster.tls(),
        "member list",
        client -> {
          var listed = client.getClusterClient().listMember().get(10, TimeUnit.SECONDS);
          EtcdCalls.expectCluster(
              listed.getHeader().getClusterId(), health.clusterId(), "member list");
          return MemberNodes.of(
              clusters.described(request.cluster()), listed.getMembers(), health.clusterId());
        });
  }

  @Override
  public Verified verify(VerifyRequest request, StepContext context) {
    EtcdCluster cluster = clusters.resolve(request.cluster());
    boolean explicit = request.endpoints() != null && !request.endpoints().isEmpty();
    List<String> endpoints;
    String expected = null;
    if (explicit) {
      endpoints = request.endpoints();
    } else {
      ClusterHealth health = health(request.cluster());
      endpoints = health.reachable();
      expected = health.clusterId();
      if (endpoints.isEmpty()) {
        throw ActivityFailures.retryable(
            "no member of cluster `" + request.cluster() + "` answers");
      }
    }
    return KeyVerifier.verify(endpoints, cluster.tls(), expected, request);
  }

  @Override
  public Hashes hashKV(HashRequest request, StepContext context) {
    ClusterHealth health =
        status(new StatusRequest(request.cluster(), request.endpoints(), null), context);
    List<String> unanswered = new ArrayList<>();
    List<EndpointStatus> answering = new ArrayList<>();
    for (EndpointStatus member : health.members()) {
      if (member.answeringVoter() && member.revision() != null) {
        answering.add(member);
      } else if (member.reachable() && Boolean.TRUE.equals(member.isLearner())) {
        unanswered.add(member.endpoint() + ": a learner (etcd serves HashKV on voters only)");
      } else {
        unanswered.add(
            member.endpoint() + ": " + (member.reachable() ? "no revision" : member.error()));
      }
    }
    if (answering.isEmpty()) {
      throw ActivityFailures.retryable("no voter of cluster `" + request.cluster() + "` answers");
    }
    long revision =
        request.revision() != null
            ? request.revision()
            : answering.stream().mapToLong(EndpointStatus::revision).min().orElseThrow();
    EtcdTls tls = clusters.resolve(request.cluster()).tls();
    List<MemberHash> hashes = new ArrayList<>();
    for (EndpointStatus member : answering) {
      MemberHash hash = hashAt(member, tls, revision, unanswered);
      if (hash != null) {
        hashes.add(hash);
      }
    }
    Map<Long, Long> counts =
        hashes.stream().collect(Collectors.groupingBy(MemberHash::hash, Collectors.counting()));
    long most = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    List<Long> common = counts.keySet().stream().filter(h -> counts.get(h) == most).toList();
    // With no hash most voters share (two voters, two hashes), none is the reference: all differ.
    List<String> differing =
        hashes.stream()
            .filter(h -> common.size() != 1 || h.hash() != common.get(0))
            .map(MemberHash::endpoint)
            .toList();
    return new Hashes(
        revision, hashes, !hashes.isEmpty() && differing.isEmpty(), differing, unanswered);
  }

  /**
   * One voter's hash at the revision, or null with why it gave none added to {@code unanswered}; a
   * revision it has not applied or has compacted away is refused for the whole step.
   */
  private static MemberHash hashAt(
      EndpointStatus member, EtcdTls tls, long revision, List<String> unanswered) {
    String endpoint = member.endpoint();
    return EtcdCalls.on(
        List.of(endpoint),
        tls,
        "hashing keys",
        client -> {
          try {
            HashKVResponse answer =
                client.getMaintenanceClient().hashKV(endpoint, revision).get(10, TimeUnit.SECONDS);
            return new MemberHash(
                endpoint, Integer.toUnsignedLong(answer.getHash()), answer.getCompacted());
          } catch (ExecutionException | TimeoutException e) {
            String why =
                e instanceof TimeoutException ? "no answer within 10s" : OneLine.rootCause(e);
            if (why.contains("future revision") || why.contains("has been compacted")) {
              throw ActivityFailures.badInput(
                  endpoint
                      + " cannot hash at revision "
                      + revision
                      + " ("
                      + why
                      + "): give a revision it still holds and has applied (it is at "
                      + member.revision()
                      + "), or leave `revision` out");
            }
            unanswered.add(endpoint + ": " + why);
            return null;
          }
        });
  }

  /**
   * Compares the old cluster's data, served at {@code oldEndpoints} (a scratch etcd on the fenced
   * node), with the current generation: see {@link KeyDivergence}. Refused when the old endpoints
   * answer as the current generation.
   */
  public KeyDivergence.Found divergence(
      String name, List<String> oldEndpoints, String prefix, long fromRevision) {
    EtcdCluster cluster = clusters.resolve(name);
    ClusterHealth health = health(name);
    if (health.reachable().isEmpty() || !health.quorum()) {
      throw ActivityFailures.retryable(
          "the current generation of `" + name + "` does not answer with quorum");
    }
    return EtcdCalls.on(
        oldEndpoints,
        cluster.tls(),
        "reading the old data at " + oldEndpoints,
        old -> {
          KeyPages oldKeys = new KeyPages(old, prefix, null);
          if (health.clusterId().equals(oldKeys.clusterId())) {
            throw ActivityFailures.badInput(
                oldEndpoints
                    + " answer as the current generation (cluster ID "
                    + health.clusterId()
                    + "); give the scratch etcd that serves the old data");
          }
          return EtcdCalls.on(
              health.reachable(),
              cluster.tls(),
              "reading the current generation",
              current ->
                  KeyDivergence.compare(
                      oldKeys,
                      new KeyPages(current, prefix, health.clusterId()),
                      fromRevision,
                      oldKeys.revision()));
        });
  }

  /**
   * The endpoints of the expected cluster's voters that answer now. Membership calls must not reach
   * a learner (it answers "rpc not supported for learner") nor a foreign cluster.
   */
  private static List<String> voters(EtcdCluster cluster, ClusterHealth health) {
    List<String> voters =
        health.members().stream()
            .filter(EndpointStatus::answeringVoter)
            .map(EndpointStatus::endpoint)
            .toList();
    if (voters.isEmpty()) {
      throw ActivityFailures.retryable("no voter of cluster `" + cluster.name() + "` answers");
    }
    return voters;
  }

  /** name=peerURL for every member, the new one under its given name: --initial-cluster. */
  private static String initialCluster(List<Member> members, String newName, URI newPeer) {
    List<String> entries = new ArrayList<>();
    for (Member member : members) {
      for (URI uri : member.getPeerURIs()) {
        String name =
            member.getName().isEmpty() && uri.equals(newPeer) ? newName : member.getName();
        entries.add(name + "=" + uri);
      }
    }
    return String.join(",", entries);
  }
}
