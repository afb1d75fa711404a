package io.etcddr.activities.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.GetOption;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.contract.etcd.EtcdActivities;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `etcd.verify`: revision, key count under a prefix and sample keys, read serializably so a lone
 * restored member answers; every answer must come from one cluster (the expected one when known). A
 * wrong cluster fails for good; a figure not reached yet fails as {@code NotYet}, retried.
 */
final class KeyVerifier {

  private KeyVerifier() {}

  static EtcdActivities.Verified verify(
      List<String> endpoints, EtcdTls tls, String expected, EtcdActivities.VerifyRequest request) {
    String prefix = request.prefix() == null ? "/registry" : request.prefix();
    return EtcdCalls.on(
        endpoints,
        tls,
        "verify of " + endpoints,
        client -> {
          GetOption count =
              GetOption.newBuilder()
                  .withSerializable(true)
                  .withCountOnly(true)
                  .isPrefix(true)
                  .build();
          var counted = client.getKVClient().get(bytes(prefix), count).get(10, TimeUnit.SECONDS);
          String clusterId = Long.toHexString(counted.getHeader().getClusterId());
          EtcdCalls.expectCluster(counted.getHeader().getClusterId(), expected, "verify");
          List<String> missing = new ArrayList<>();
          for (String key :
              request.sampleKeys() == null ? List.<String>of() : request.sampleKeys()) {
            var got =
                client
                    .getKVClient()
                    .get(
                        bytes(key),
                        GetOption.newBuilder().withSerializable(true).withCountOnly(true).build())
                    .get(10, TimeUnit.SECONDS);
            EtcdCalls.expectCluster(got.getHeader().getClusterId(), clusterId, "verify");
            if (got.getCount() == 0) {
              missing.add(key);
            }
          }
          long revision = counted.getHeader().getRevision();
          List<String> problems = new ArrayList<>();
          if (request.minRevision() != null && revision < request.minRevision()) {
            problems.add("revision " + revision + " < " + request.minRevision());
          }
          if (request.minKeys() != null && counted.getCount() < request.minKeys()) {
            problems.add(counted.getCount() + " keys under " + prefix + " < " + request.minKeys());
          }
          if (!missing.isEmpty()) {
            problems.add("missing " + missing);
          }
          if (!problems.isEmpty()) {
            // A revision, a count or a key that is not there yet may be there at the next attempt
            // (kube-apiserver's first write after rke up); the step's last attempt is the deadline.
            throw ActivityFailures.notYet("verification failed: " + String.join("; ", problems));
          }
          return new EtcdActivities.Verified(revision, counted.getCount(), missing, clusterId);
        });
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
