package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Walking a prefix of a real etcd page by page, as a divergence report does on a live cluster:
 * every key once, in key order, across page boundaries, and nothing written after the first page.
 */
class KeyPagesIT {

  @RegisterExtension
  static EtcdClusterExtension etcd = EtcdClusterExtension.builder().voters(1).build();

  @Test
  void everyKeyOnceInOrderAtTheRevisionOfTheFirstPage() throws Exception {
    int count = KeyPages.PAGE * 2 + 345;
    try (Client client = EtcdClients.connect(etcd.cluster().clientUrls(), etcd.clientTls())) {
      List<CompletableFuture<?>> puts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        puts.add(client.getKVClient().put(bytes(String.format("/pages/%05d", i)), bytes("v")));
      }
      CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      client.getKVClient().put(bytes("/pagesx"), bytes("outside")).get(10, TimeUnit.SECONDS);

      KeyPages pages = new KeyPages(client, "/pages/", null);
      List<String> seen = new ArrayList<>();
      seen.add(pages.next().name());
      long revision = pages.revision();
      // written after the first page was read: a later page must not show it
      client.getKVClient().put(bytes("/pages/99999"), bytes("late")).get(10, TimeUnit.SECONDS);
      pages.forEachRemaining(e -> seen.add(e.name()));

      assertThat(seen).hasSize(count).doesNotHaveDuplicates().isSorted();
      assertThat(seen.get(0)).isEqualTo("/pages/00000");
      assertThat(seen.get(count - 1)).isEqualTo(String.format("/pages/%05d", count - 1));
      assertThat(pages.revision()).isEqualTo(revision);
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
