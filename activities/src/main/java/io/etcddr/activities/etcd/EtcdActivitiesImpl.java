package io.etcddr.activities.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.ActivityFailures;
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
    Duration timeout =
        request.timeout() == null
            ? DEFAULT_TIMEOUT
            : DurationText.parse(request.timeout())
                .orElseThrow(
                    () ->
                        ActivityFailures.badInput(
                            "timeout `" + request.timeout() + "` is not a duration"));
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
    try (Client client = EtcdClients.connect(cluster.etcd().endpoints(), tls(cluster))) {
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
