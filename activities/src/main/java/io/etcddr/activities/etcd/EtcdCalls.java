package io.etcddr.activities.etcd;

import io.etcd.jetcd.Client;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.OneLine;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * A call on an etcd client, its failures mapped once for every etcd activity: bad TLS files are bad
 * input, everything else etcd or the network says is worth a retry, in one line.
 */
final class EtcdCalls {

  @FunctionalInterface
  interface Call<T> {
    T apply(Client client) throws Exception;
  }

  private EtcdCalls() {}

  static <T> T on(List<String> endpoints, EtcdTls tls, String what, Call<T> call) {
    try (Client client = EtcdClients.connect(endpoints, tls)) {
      return call.apply(client);
    } catch (ApplicationFailure e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted");
    } catch (SSLException e) {
      throw ActivityFailures.badInput("cannot use the cluster's TLS files: " + e.getMessage());
    } catch (java.util.concurrent.TimeoutException e) {
      throw ActivityFailures.retryable(what + " timed out at " + endpoints);
    } catch (Exception e) {
      throw ActivityFailures.retryable(what + " failed: " + OneLine.rootCause(e));
    }
  }

  /**
   * Every answer must come from the cluster we mean: a header of another cluster is refused for
   * good. Callers ask only endpoints that answered as the expected cluster, so another ID means two
   * clusters answer at those addresses, which no retry fixes.
   */
  static void expectCluster(long headerClusterId, String expected, String what) {
    String got = Long.toHexString(headerClusterId);
    if (expected != null && !expected.isEmpty() && !got.equals(expected)) {
      throw ActivityFailures.precondition(
          what
              + " was answered by cluster ID "
              + got
              + ", not the expected "
              + expected
              + "; two clusters answer there: see `etcd-dr cluster status`");
    }
  }
}
