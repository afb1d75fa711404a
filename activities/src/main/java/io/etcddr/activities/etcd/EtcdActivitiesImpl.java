package io.etcddr.activities.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.ActivityFailures;
import io.etcddr.activities.StepInputs;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.engine.StepContext;
import io.etcddr.runbook.expr.DurationText;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

public final class EtcdActivitiesImpl implements EtcdActivities {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** etcd 3.4/3.5 allow one learner (--experimental-max-learners raises it in 3.6). */
  static final int MAX_LEARNERS = 1;

  private final ClusterInventory inventory;

  public EtcdActivitiesImpl(ClusterInventory inventory) {
    this.inventory = inventory;
  }

  @Override
  public ClusterHealth status(StatusRequest request, StepContext context) {
    Cluster cluster = cluster(request.cluster());
    List<String> endpoints =
        request.endpoints() == null || request.endpoints().isEmpty()
            ? cluster.etcd().endpoints()
            : request.endpoints();
    Duration timeout = StepInputs.duration("timeout", request.timeout(), DEFAULT_TIMEOUT);
    List<CompletableFuture<EndpointStatus>> asked = new ArrayList<>();
    for (String endpoint : endpoints) {
      asked.add(CompletableFuture.supplyAsync(() -> ask(endpoint, tls(cluster), timeout)));
    }
    List<EndpointStatus> answers = asked.stream().map(CompletableFuture::join).toList();
    Map<String, String> names = new HashMap<>();
    Set<String> voters = voters(endpoints, answers, tls(cluster), timeout, names);
    List<EndpointStatus> named =
        answers.stream().map(a -> a.reachable() ? withName(a, names.get(a.id())) : a).toList();
    return ClusterHealth.of(named, voters, names);
  }

  @Override
  public AddLearnerResult addLearner(AddLearnerRequest request, StepContext context) {
    Cluster cluster = cluster(request.cluster());
    try (Client client = EtcdClients.connect(voters(cluster), tls(cluster))) {
      List<Member> members =
          client.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers();
      URI peer = URI.create(request.peerUrl());
      for (Member member : members) {
        if (member.getPeerURIs().contains(peer)) {
          return new AddLearnerResult(
              Long.toHexString(member.getId()), false, initialCluster(members, null, null));
        }
      }
      long learners = members.stream().filter(Member::isLearner).count();
      if (learners >= MAX_LEARNERS) {
        throw ActivityFailures.precondition(
            "the cluster already has "
                + learners
                + " learner(s), etcd's maximum; promote or remove "
                + members.stream().filter(Member::isLearner).map(Member::getName).toList()
                + " first");
      }
      var added =
          client.getClusterClient().addMember(List.of(peer), true).get(10, TimeUnit.SECONDS);
      return new AddLearnerResult(
          Long.toHexString(added.getMember().getId()),
          true,
          initialCluster(added.getMembers(), request.name(), peer));
    } catch (ExecutionException e) {
      // "etcdserver: unhealthy cluster" right after start, leader changes: worth a retry.
      throw ActivityFailures.retryable("member add --learner failed: " + rootMessage(e));
    } catch (TimeoutException e) {
      throw ActivityFailures.retryable("member add --learner timed out after 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted");
    } catch (SSLException e) {
      throw ActivityFailures.badInput("cannot use the cluster's TLS files: " + e.getMessage());
    }
  }

  @Override
  public CaughtUp waitCaughtUp(MemberRequest request, StepContext context) {
    long maxLag = request.maxLag() == null ? 10 : request.maxLag();
    while (true) {
      ClusterHealth health = status(new StatusRequest(request.cluster(), null, null), context);
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
      io.etcddr.activities.Heartbeats.beat("lag " + lag);
      if (lag <= maxLag) {
        return new CaughtUp(
            learner.raftAppliedIndex(), leader.raftAppliedIndex(), lag, Math.max(0, revisionLag));
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ActivityFailures.retryable("interrupted");
      }
    }
  }

  @Override
  public Promoted promote(MemberRequest request, StepContext context) {
    return withClient(
        request.cluster(), client -> EtcdMembership.promote(client, request.member()), "promote");
  }

  @Override
  public Removed removeMember(MemberRequest request, StepContext context) {
    return withClient(
        request.cluster(),
        client -> EtcdMembership.remove(client, request.member()),
        "member remove");
  }

  @Override
  public Verified verify(VerifyRequest request, StepContext context) {
    Cluster cluster = cluster(request.cluster());
    List<String> endpoints =
        request.endpoints() == null || request.endpoints().isEmpty()
            ? cluster.etcd().endpoints()
            : request.endpoints();
    String prefix = request.prefix() == null ? "/registry" : request.prefix();
    try (Client client = EtcdClients.connect(endpoints, tls(cluster))) {
      GetOption serializable =
          GetOption.newBuilder().withSerializable(true).withCountOnly(true).isPrefix(true).build();
      var counted =
          client
              .getKVClient()
              .get(ByteSequence.from(prefix, StandardCharsets.UTF_8), serializable)
              .get(10, TimeUnit.SECONDS);
      long revision = counted.getHeader().getRevision();
      long keys = counted.getCount();
      List<String> missing = new ArrayList<>();
      for (String key : request.sampleKeys() == null ? List.<String>of() : request.sampleKeys()) {
        var got =
            client
                .getKVClient()
                .get(
                    ByteSequence.from(key, StandardCharsets.UTF_8),
                    GetOption.newBuilder().withSerializable(true).withCountOnly(true).build())
                .get(10, TimeUnit.SECONDS);
        if (got.getCount() == 0) {
          missing.add(key);
        }
      }
      List<String> problems = new ArrayList<>();
      if (request.minRevision() != null && revision < request.minRevision()) {
        problems.add("revision " + revision + " < " + request.minRevision());
      }
      if (request.minKeys() != null && keys < request.minKeys()) {
        problems.add(keys + " keys under " + prefix + " < " + request.minKeys());
      }
      if (!missing.isEmpty()) {
        problems.add("missing " + missing);
      }
      if (!problems.isEmpty()) {
        throw ActivityFailures.precondition("verification failed: " + String.join("; ", problems));
      }
      return new Verified(revision, keys, missing);
    } catch (ExecutionException | TimeoutException e) {
      throw ActivityFailures.retryable(
          "verify could not read " + endpoints + ": " + rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted");
    } catch (SSLException e) {
      throw ActivityFailures.badInput("cannot use the cluster's TLS files: " + e.getMessage());
    }
  }

  /**
   * The voter to snapshot: the given endpoint, or the leader. A learner is refused: etcd does not
   * serve it snapshots.
   */
  EndpointStatus snapshotSource(String clusterName, String endpoint) {
    ClusterHealth health =
        status(
            new StatusRequest(clusterName, endpoint == null ? null : List.of(endpoint), null),
            null);
    EndpointStatus source =
        health.members().stream()
            .filter(
                m ->
                    m.reachable()
                        && (endpoint != null || (m.id() != null && m.id().equals(health.leader()))))
            .findFirst()
            .orElseThrow(
                () ->
                    ActivityFailures.retryable(
                        endpoint == null
                            ? "no leader answers, so no voter can serve a snapshot"
                            : endpoint + " does not answer"));
    if (Boolean.TRUE.equals(source.isLearner())) {
      throw ActivityFailures.precondition(
          source.endpoint()
              + " is a learner, and etcd refuses snapshots from a learner (\"rpc not supported for"
              + " learner\"); snapshot a voter, or stop the learner and use etcd.copyBackend");
    }
    return source;
  }

  /**
   * Streams a snapshot of {@code endpoint} into {@code out}; bounded, never etcdctl's endless
   * retry.
   */
  void snapshot(String clusterName, String endpoint, java.io.OutputStream out)
      throws java.io.IOException {
    Cluster cluster = cluster(clusterName);
    try (Client client = EtcdClients.connect(List.of(endpoint), tls(cluster))) {
      client.getMaintenanceClient().snapshot(out).get(30, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new java.io.IOException("snapshot from " + endpoint + " failed: " + rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException("interrupted");
    }
  }

  /** A call on a cluster client whose transient errors are retryable failures. */
  private <T> T withClient(String clusterName, ClientCall<T> call, String what) {
    Cluster cluster = cluster(clusterName);
    try (Client client = EtcdClients.connect(voters(cluster), tls(cluster))) {
      return call.apply(client);
    } catch (io.temporal.failure.ApplicationFailure e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted");
    } catch (SSLException e) {
      throw ActivityFailures.badInput("cannot use the cluster's TLS files: " + e.getMessage());
    } catch (Exception e) {
      throw ActivityFailures.retryable(what + " failed: " + rootMessage(e));
    }
  }

  @FunctionalInterface
  private interface ClientCall<T> {
    T apply(Client client) throws Exception;
  }

  /**
   * The endpoints of voters that answer now. Membership calls must not reach a learner: it answers
   * them with "rpc not supported for learner", and the inventory lists it like any member.
   */
  private List<String> voters(Cluster cluster) {
    List<String> voters =
        status(new StatusRequest(cluster.name(), null, null), null).members().stream()
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

  private static EndpointStatus ask(String endpoint, EtcdTls tls, Duration timeout) {
    try (Client client = EtcdClients.connect(List.of(endpoint), tls)) {
      StatusResponse status =
          client
              .getMaintenanceClient()
              .statusMember(endpoint)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Long revision = null;
      try {
        revision =
            client
                .getKVClient()
                .get(
                    ByteSequence.from("/", StandardCharsets.UTF_8),
                    GetOption.newBuilder()
                        .withSerializable(true)
                        .withCountOnly(true)
                        .isPrefix(true)
                        .build())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getHeader()
                .getRevision();
      } catch (ExecutionException | TimeoutException e) {
        // revision is a bonus; status answered
      }
      return new EndpointStatus(
          endpoint,
          true,
          Long.toHexString(status.getHeader().getMemberId()),
          null,
          status.getVersion(),
          status.getDbSize(),
          Long.toHexString(status.getLeader()),
          status.isLearner(),
          status.getRaftTerm(),
          status.getRaftIndex(),
          status.getRaftAppliedIndex(),
          revision,
          status.getErrorList(),
          null);
    } catch (TimeoutException e) {
      return EndpointStatus.unreachable(
          endpoint, "no answer within " + DurationText.format(timeout));
    } catch (ExecutionException e) {
      return EndpointStatus.unreachable(endpoint, rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EndpointStatus.unreachable(endpoint, "interrupted");
    } catch (SSLException e) {
      throw ActivityFailures.badInput("cannot use the cluster's TLS files: " + e.getMessage());
    }
  }

  /** Voter ids and member names from a voter's member list; empty when no voter answers. */
  private static Set<String> voters(
      List<String> endpoints,
      List<EndpointStatus> answers,
      EtcdTls tls,
      Duration timeout,
      Map<String, String> names) {
    for (EndpointStatus answer : answers) {
      if (!answer.answeringVoter()) {
        continue;
      }
      try (Client client = EtcdClients.connect(List.of(answer.endpoint()), tls)) {
        List<Member> members =
            client
                .getClusterClient()
                .listMember()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getMembers();
        Set<String> voters = new LinkedHashSet<>();
        for (Member member : members) {
          names.put(Long.toHexString(member.getId()), member.getName());
          if (!member.isLearner()) {
            voters.add(Long.toHexString(member.getId()));
          }
        }
        return voters;
      } catch (ExecutionException | TimeoutException | SSLException e) {
        // try the next voter
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Set.of();
  }

  private static EndpointStatus withName(EndpointStatus s, String name) {
    return new EndpointStatus(
        s.endpoint(),
        true,
        s.id(),
        name,
        s.version(),
        s.dbSize(),
        s.leader(),
        s.isLearner(),
        s.raftTerm(),
        s.raftIndex(),
        s.raftAppliedIndex(),
        s.revision(),
        s.errors(),
        null);
  }

  private Cluster cluster(String name) {
    try {
      Cluster cluster = inventory.require(name);
      if (cluster.etcd() == null || cluster.etcd().endpoints().isEmpty()) {
        throw ActivityFailures.badInput(
            "cluster `" + name + "` lists no etcd endpoints in " + inventory.directory());
      }
      return cluster;
    } catch (ClusterInventory.InventoryException e) {
      throw ActivityFailures.badInput(e.getMessage());
    }
  }

  private static EtcdTls tls(Cluster cluster) {
    return new EtcdTls(
        Path.of(cluster.etcd().caCert()),
        Path.of(cluster.etcd().cert()),
        Path.of(cluster.etcd().key()));
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
