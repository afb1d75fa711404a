package io.etcddr.activities.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.DurationText;
import io.etcddr.contract.OneLine;
import io.etcddr.contract.etcd.EndpointStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Asks one endpoint, serializably and within a timeout, what `etcdctl endpoint status` shows, the
 * cluster ID in its answer's header and its revision; and, of a voter, the member list. A member
 * that does not answer in time is reported unreachable, never waited for.
 */
final class EndpointProbe {

  private EndpointProbe() {}

  static EndpointStatus ask(String endpoint, EtcdTls tls, Duration timeout) {
    try (Client client = EtcdClients.connect(List.of(endpoint), tls)) {
      StatusResponse status =
          client
              .getMaintenanceClient()
              .statusMember(endpoint)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new EndpointStatus(
          endpoint,
          true,
          Long.toHexString(status.getHeader().getMemberId()),
          Long.toHexString(status.getHeader().getClusterId()),
          null,
          status.getVersion(),
          status.getDbSize(),
          Long.toHexString(status.getLeader()),
          status.isLearner(),
          status.getRaftTerm(),
          status.getRaftIndex(),
          status.getRaftAppliedIndex(),
          revision(client, timeout).orElse(null),
          status.getErrorList(),
          null);
    } catch (TimeoutException e) {
      return EndpointStatus.unreachable(
          endpoint, "no answer within " + DurationText.format(timeout));
    } catch (ExecutionException e) {
      return EndpointStatus.unreachable(endpoint, OneLine.rootCause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EndpointStatus.unreachable(endpoint, "interrupted");
    } catch (SSLException e) {
      throw ActivityFailures.badInput("cannot use the cluster's TLS files: " + e.getMessage());
    }
  }

  /** The member list as a voter sees it; empty when it does not answer in time. */
  static Optional<List<Member>> members(String endpoint, EtcdTls tls, Duration timeout) {
    try (Client client = EtcdClients.connect(List.of(endpoint), tls)) {
      return Optional.of(
          client
              .getClusterClient()
              .listMember()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .getMembers());
    } catch (ExecutionException | TimeoutException | SSLException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** A bonus: status answered even when the count does not. */
  private static Optional<Long> revision(Client client, Duration timeout)
      throws InterruptedException {
    try {
      return Optional.of(
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
              .getRevision());
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }
}
