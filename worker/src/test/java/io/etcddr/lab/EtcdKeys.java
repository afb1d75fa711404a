package io.etcddr.lab;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reading and writing single keys the way the lab tests check etcd's contents. */
final class EtcdKeys {

  private EtcdKeys() {}

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** The key's value, or null when it does not exist. */
  static String get(Client client, String key) {
    try {
      var kvs = client.getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
      return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The revision of the key's last change, 0 when it does not exist. */
  static long modRevision(Client client, String key) throws Exception {
    var kvs = client.getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
    return kvs.isEmpty() ? 0 : kvs.get(0).getModRevision();
  }

  /** Writes a key; the revision etcd acknowledged it at. */
  static long put(Client client, String key, String value) throws Exception {
    return client
        .getKVClient()
        .put(bytes(key), bytes(value))
        .get(10, TimeUnit.SECONDS)
        .getHeader()
        .getRevision();
  }
}
