package io.etcddr.activities.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * Every key under a prefix in key order, keys only (names and revisions, never values), a page at a
 * time, all pages read at the revision of the first one: a consistent view of a live cluster in
 * memory bounded by one page.
 */
final class KeyPages implements Iterator<KeyPages.Entry> {

  /** One key as etcd stores it, without its value. */
  record Entry(byte[] key, long createRevision, long modRevision) {
    String name() {
      return new String(key, StandardCharsets.UTF_8);
    }
  }

  static final int PAGE = 1_000;

  private final Client client;
  private final ByteSequence prefix;
  private final String expectedClusterId;
  private final Deque<Entry> page = new ArrayDeque<>();
  private ByteSequence next;
  private long revision;
  private String clusterId;
  private boolean more = true;

  KeyPages(Client client, String prefix, String expectedClusterId) {
    this.client = client;
    this.prefix = ByteSequence.from(prefix, StandardCharsets.UTF_8);
    this.expectedClusterId = expectedClusterId;
    this.next = this.prefix;
  }

  /** The revision every page was read at (after the first page). */
  long revision() {
    fill();
    return revision;
  }

  String clusterId() {
    fill();
    return clusterId;
  }

  @Override
  public boolean hasNext() {
    fill();
    return !page.isEmpty();
  }

  @Override
  public Entry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.removeFirst();
  }

  private void fill() {
    if (!page.isEmpty() || !more) {
      return;
    }
    GetOption.Builder option =
        GetOption.newBuilder().withKeysOnly(true).withLimit(PAGE).withPrefix(prefix);
    if (revision > 0) {
      option.withRevision(revision);
    }
    GetResponse response;
    try {
      response = client.getKVClient().get(next, option.build()).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    if (revision == 0) {
      revision = response.getHeader().getRevision();
      clusterId = Long.toHexString(response.getHeader().getClusterId());
      EtcdCalls.expectCluster(response.getHeader().getClusterId(), expectedClusterId, "key list");
    }
    for (KeyValue kv : response.getKvs()) {
      page.addLast(new Entry(kv.getKey().getBytes(), kv.getCreateRevision(), kv.getModRevision()));
    }
    more = response.isMore() && !response.getKvs().isEmpty();
    if (more) {
      // the next page starts right after the last key of this one
      byte[] last = response.getKvs().get(response.getKvs().size() - 1).getKey().getBytes();
      byte[] after = java.util.Arrays.copyOf(last, last.length + 1);
      next = ByteSequence.from(after);
    }
  }
}
