package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcddr.activities.etcddata.DurableFiles;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import io.etcddr.testing.Prerequisites;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The learner's node runs out of disk while its backend is copied: a small tmpfs holds the copy.
 * The copy fails with one line naming the path and the free space, leaves nothing behind (no
 * partial file a later step could take, no space held), and succeeds once space is freed.
 */
class FullDiskIT {

  @RegisterExtension
  static EtcdClusterExtension etcd = EtcdClusterExtension.builder().voters(1).build();

  @Test
  void aFullDiskFailsTheCopyCleanlyAndARetryAfterFreeingSpaceSucceeds() throws Exception {
    Prerequisites.need().root().executable("/bin/mount").orSkip();
    try (Client client = EtcdClients.connect(etcd.cluster().clientUrls(), etcd.clientTls())) {
      List<CompletableFuture<?>> puts = new ArrayList<>();
      String value = "x".repeat(4096);
      for (int i = 0; i < 400; i++) {
        puts.add(client.getKVClient().put(bytes("/registry/big/" + i), bytes(value)));
      }
      CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
    EtcdTestCluster.Member member = etcd.cluster().member("m1");
    etcd.cluster().stop(member.name());
    Path small = Files.createDirectories(etcd.cluster().root().resolve("small-disk"));
    run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", small.toString());
    try {
      Path copy = small.resolve("learner.db");
      var request =
          new EtcdDataActivities.CopyRequest(
              member.dataDir().toString(), copy.toString(), null, null);

      assertThatThrownBy(() -> etcd.data().copyBackend(request, EtcdClusterExtension.CONTEXT))
          .isInstanceOf(ApplicationFailure.class)
          .hasMessageContaining("copying the backend to " + copy)
          .hasMessageContaining("no space left on the file system")
          .hasMessageContaining("MiB free of")
          .hasMessageNotContaining("\n");
      try (var left = Files.list(small)) {
        assertThat(left).as("nothing left behind on the full disk").isEmpty();
      }

      run("mount", "-o", "remount,size=64m", small.toString());
      var copied = etcd.data().copyBackend(request, EtcdClusterExtension.CONTEXT);
      assertThat(copied.bytes()).isEqualTo(Files.size(member.dataDir().resolve("member/snap/db")));
      assertThat(DurableFiles.sha256File(copy)).isEqualTo(copied.sha256());
    } finally {
      run("umount", "-l", small.toString());
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
