package io.etcddr.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.etcddr.activities.docker.DockerEngine;
import io.etcddr.activities.fence.LeaseNote;
import io.etcddr.activities.fence.SelfFence;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.testing.LoopbackBlock;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease counts on its own thread whatever the record does: a record change that hangs (a link
 * cut while it was on its way, a record slow under load) must not stop the lease from ticking, or a
 * node cut off in that moment would fence itself only when the change gives up.
 */
class SiteLeaseTest {

  @TempDir Path root;

  @Test
  void aRecordChangeThatHangsDoesNotHoldUpTheLease() throws Exception {
    try (LoopbackBlock block = LoopbackBlock.allocate()) {
      tickWhileTheRecordHangs(block.address(0), block.address(1), block.address(2));
    }
  }

  /** The witness listens on {@code witnessHost}; the other site's node answers with a refusal. */
  private void tickWhileTheRecordHangs(String here, String otherSite, String witnessHost)
      throws Exception {
    Path clusters = Files.createDirectories(root.resolve("clusters"));
    Files.writeString(
        clusters.resolve("lab.yaml"),
        """
        apiVersion: etcd-dr/v1
        kind: Cluster
        metadata: {name: lab}
        spec:
          rkeConfig: /etc/rke/cluster.yml
          deployNode: master1
          caNode: master1
          etcd: {endpoints: ["https://%s:2379"]}
          nodes:
            - {name: master1, address: %s, site: A}
            - {name: node1, address: %s, site: B}
        """
            .formatted(here, here, otherSite));
    AgentPaths paths = new AgentPaths(root.resolve("master1"));
    new LeaseNote("lab", "c1", 1, List.of("A"), List.of(), 0).write(paths);

    CountDownLatch reportBegan = new CountDownLatch(1);
    CountDownLatch linkBack = new CountDownLatch(1);
    AtomicInteger reports = new AtomicInteger();
    ClusterRecords hanging =
        (ClusterRecords)
            Proxy.newProxyInstance(
                ClusterRecords.class.getClassLoader(),
                new Class<?>[] {ClusterRecords.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("agentSeen")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  reports.incrementAndGet();
                  reportBegan.countDown();
                  linkBack.await();
                  return args[1];
                });

    try (ServerSocket witness = new ServerSocket(0, 50, InetAddress.getByName(witnessHost));
        DockerEngine unused = DockerEngine.connect("unix://" + root.resolve("no-docker.sock"))) {
      SiteLease lease =
          new SiteLease(
              "master1",
              new ClusterInventory(clusters),
              hanging,
              paths,
              new SelfFence(paths, unused),
              witnessHost + ":" + witness.getLocalPort(),
              Duration.ofSeconds(15),
              System::nanoTime,
              Clock.systemUTC(),
              () -> {});
      try {
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> {
              lease.tick();
              assertThat(reportBegan.await(10, TimeUnit.SECONDS)).isTrue();
              lease.tick(); // the first report still hangs: this tick must not wait on it
              lease.tick();
            },
            "the lease's tick waited on a record change");
        assertThat(reports).as("reports sent while one hangs").hasValue(1);
      } finally {
        linkBack.countDown();
        lease.close();
      }
    }
  }
}
