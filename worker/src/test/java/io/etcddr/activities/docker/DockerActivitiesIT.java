package io.etcddr.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.HostTools;
import io.etcddr.contract.docker.DockerActivities.ExecRequest;
import io.etcddr.contract.docker.DockerActivities.Inspected;
import io.etcddr.contract.docker.DockerActivities.RemoveRequest;
import io.etcddr.contract.docker.DockerActivities.RunEtcdRequest;
import io.etcddr.contract.docker.DockerActivities.RunEtcdResult;
import io.etcddr.contract.docker.DockerActivities.StopRequest;
import io.etcddr.contract.docker.DockerActivities.Target;
import io.etcddr.lab.DockerDaemon;
import io.etcddr.lab.LabImage;
import io.etcddr.testing.LoopbackExtension;
import io.etcddr.testing.Prerequisites;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker.* against a real Docker engine (Debian's dockerd, started here with its own folders) and
 * the lab's imported etcd image: idempotency, a spec reproduced with changes, and the refusals.
 * etcd here listens on this class's loopback block without TLS: TLS is the lab's and the etcd
 * tests' subject.
 */
class DockerActivitiesIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  private static Path dir;
  private static DockerDaemon daemon;
  private static DockerEngine engine;
  private static DockerActivitiesImpl docker;
  private static String image;

  @BeforeAll
  static void startEngine() throws Exception {
    Prerequisites.need().root().dockerd().etcd().orSkip();
    dir = Files.createTempDirectory("etcd-dr-docker-it");
    daemon = new DockerDaemon(dir.resolve("engine"));
    daemon.start();
    engine = DockerEngine.connect(daemon.host());
    LabImage labImage = LabImage.of(io.etcddr.activities.etcd.EtcdVersion.V3_4);
    labImage.importInto(engine, labImage.buildTar(dir.resolve("rootfs.tar")));
    image = labImage.etcdImage();
    Files.createDirectories(dir.resolve("root/var/lib"));
    docker =
        new DockerActivitiesImpl(
            engine,
            new ContainerAllowList(ContainerAllowList.DEFAULT),
            new AgentPaths(dir.resolve("root"), AgentPaths.DEFAULT_ALLOWED));
  }

  @AfterAll
  static void stopEngine() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (daemon != null) {
      daemon.destroy();
    }
    if (dir != null) {
      HostTools.deleteTree(dir);
    }
  }

  private static Map<String, Object> etcdSpec(String address, String dataDir) {
    return new ContainerSpec(
            image,
            List.of(),
            List.of(
                "/usr/local/bin/etcd",
                "--name=one",
                "--data-dir=/var/lib/rancher/etcd/",
                "--listen-client-urls=http://" + address + ":2379",
                "--advertise-client-urls=http://" + address + ":2379",
                "--listen-peer-urls=http://" + address + ":2380",
                "--initial-advertise-peer-urls=http://" + address + ":2380",
                "--initial-cluster=one=http://" + address + ":2380"),
            List.of("ETCDCTL_API=3", "ETCDCTL_ENDPOINTS=http://" + address + ":2379"),
            List.of(dataDir + ":/var/lib/rancher/etcd:z"),
            "host",
            "always",
            Map.of("io.rancher.rke.container.name", "etcd"),
            "",
            "")
        .toMap();
  }

  @Test
  void runEtcdIsIdempotentAndStopStartRemoveSayWhatTheyDid() {
    assertThat(docker.inspect(new Target("etcd-life"), null).exists()).isFalse();
    RunEtcdRequest run =
        new RunEtcdRequest(
            null,
            etcdSpec(LOOPBACK.address(0), "/var/lib/etcd-life"),
            "etcd-life",
            null,
            null,
            null,
            false,
            null);

    RunEtcdResult first = docker.runEtcd(run, null);
    RunEtcdResult second = docker.runEtcd(run, null);
    assertThat(first.created()).isTrue();
    assertThat(second).isEqualTo(new RunEtcdResult(first.containerId(), false, ""));

    var stopped = docker.stop(new StopRequest("etcd-life", "5s"), null);
    var stoppedAgain = docker.stop(new StopRequest("etcd-life", "5s"), null);
    assertThat(stopped.changed()).isTrue();
    assertThat(stopped.running()).isFalse();
    assertThat(stoppedAgain.changed()).isFalse();
    assertThat(stoppedAgain.exists()).isTrue();

    var started = docker.start(new Target("etcd-life"), null);
    var startedAgain = docker.start(new Target("etcd-life"), null);
    assertThat(started.changed()).isTrue();
    assertThat(started.running()).isTrue();
    assertThat(startedAgain.changed()).isFalse();

    assertThatThrownBy(() -> docker.remove(new RemoveRequest("etcd-life", false), null))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("is running; stop it first");
    assertThat(docker.remove(new RemoveRequest("etcd-life", true), null).removed()).isTrue();
    assertThat(docker.remove(new RemoveRequest("etcd-life", true), null).removed()).isFalse();
    assertThat(docker.stop(new StopRequest("etcd-life", null), null).exists()).isFalse();
    assertThatThrownBy(() -> docker.start(new Target("etcd-life"), null))
        .hasMessageContaining("no container `etcd-life`");
  }

  @Test
  void runEtcdReproducesAnInspectedSpecWithTheStepsChanges() {
    docker.runEtcd(
        new RunEtcdRequest(
            null,
            etcdSpec(LOOPBACK.address(1), "/var/lib/etcd-source"),
            "etcd-source",
            null,
            null,
            null,
            false,
            null),
        null);
    Inspected source = docker.inspect(new Target("etcd-source"), null);

    docker.runEtcd(
        new RunEtcdRequest(
            "etcd-source",
            null,
            "etcd-copy",
            Map.of("name", "two", "data-dir", "/var/lib/rancher/etcd-two/"),
            List.of("initial-cluster"),
            List.of("/var/lib/etcd-two:/var/lib/rancher/etcd-two"),
            false,
            null),
        null);
    docker.stop(new StopRequest("etcd-copy", "1s"), null); // same ports as its source: never mind
    Inspected copy = docker.inspect(new Target("etcd-copy"), null);

    ContainerSpec from = ContainerSpec.fromMap(source.spec());
    ContainerSpec to = ContainerSpec.fromMap(copy.spec());
    assertThat(to.image()).isEqualTo(from.image());
    assertThat(to.env()).isEqualTo(from.env());
    assertThat(to.networkMode()).isEqualTo("host");
    assertThat(to.restartPolicy()).isEqualTo(from.restartPolicy());
    assertThat(to.labels()).isEqualTo(from.labels());
    assertThat(to.binds())
        .containsExactly(
            "/var/lib/etcd-source:/var/lib/rancher/etcd:rw,z",
            "/var/lib/etcd-two:/var/lib/rancher/etcd-two:rw");
    assertThat(to.cmd())
        .containsExactly(
            "/usr/local/bin/etcd",
            "--name=two",
            "--data-dir=/var/lib/rancher/etcd-two/",
            "--listen-client-urls=http://" + LOOPBACK.address(1) + ":2379",
            "--advertise-client-urls=http://" + LOOPBACK.address(1) + ":2379",
            "--listen-peer-urls=http://" + LOOPBACK.address(1) + ":2380",
            "--initial-advertise-peer-urls=http://" + LOOPBACK.address(1) + ":2380");
    // Bind sources are node paths: the agent's root is the engine's business, not the spec's.
    assertThat(dir.resolve("root/var/lib/etcd-two")).isDirectory();
  }

  @Test
  void execCapturesOutputAndKeepsOnlyItsEnd() {
    docker.runEtcd(
        new RunEtcdRequest(
            null,
            etcdSpec(LOOPBACK.address(2), "/var/lib/etcd-exec"),
            "etcd-exec",
            null,
            null,
            null,
            false,
            null),
        null);
    var put =
        retrying(
            () ->
                docker.exec(
                    new ExecRequest("etcd-exec", List.of("etcdctl", "put", "k", "v"), null), null));
    assertThat(put.exitCode()).isZero();
    assertThat(put.output().strip()).isEqualTo("OK");

    var chatty =
        docker.exec(
            new ExecRequest(
                "etcd-exec",
                List.of(
                    "sh",
                    "-c",
                    "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done; exit 3"),
                100),
            null);
    assertThat(chatty.exitCode()).isEqualTo(3);
    assertThat(chatty.output()).startsWith("[… ").endsWith("line1999\n");
    assertThat(chatty.output().getBytes(StandardCharsets.UTF_8).length).isLessThan(160);
  }

  @Test
  void refusesContainersOffTheAllowListAndADifferentContainerOfTheSameName() {
    assertThatThrownBy(() -> docker.stop(new StopRequest("my-workload", null), null))
        .hasMessageContaining("not on this agent's allow-list");

    docker.runEtcd(
        new RunEtcdRequest(
            null,
            etcdSpec(LOOPBACK.address(3), "/var/lib/etcd-taken"),
            "etcd-taken",
            null,
            null,
            null,
            false,
            null),
        null);
    RunEtcdRequest different =
        new RunEtcdRequest(
            null,
            etcdSpec(LOOPBACK.address(4), "/var/lib/etcd-other"),
            "etcd-taken",
            null,
            null,
            null,
            false,
            null);
    assertThatThrownBy(() -> docker.runEtcd(different, null))
        .hasMessageContaining("a different container `etcd-taken` exists");
    RunEtcdRequest replacing =
        new RunEtcdRequest(
            null,
            etcdSpec(LOOPBACK.address(4), "/var/lib/etcd-other"),
            "etcd-taken",
            null,
            null,
            null,
            true,
            null);
    assertThatThrownBy(() -> docker.runEtcd(replacing, null)).hasMessageContaining("still runs");

    docker.stop(new StopRequest("etcd-taken", "5s"), null);
    RunEtcdResult replaced = docker.runEtcd(replacing, null);
    assertThat(replaced.created()).isTrue();
    assertThat(replaced.replaced()).startsWith("etcd-taken-replaced-");
    assertThat(docker.inspect(new Target(replaced.replaced()), null).exists())
        .as("the old container is kept, renamed")
        .isTrue();
  }

  @Test
  void refusesForceNewClusterOnALearnersData() throws Exception {
    Path db = dir.resolve("root/var/lib/etcd-learner/member/snap/db");
    Files.createDirectories(db.getParent());
    Files.write(
        db,
        ("\0\0bbolt pages\0{\"peerURLs\":[\"http://"
                + LOOPBACK.address(5)
                + ":2380\"],\"isLearner\":true}\0")
            .getBytes(StandardCharsets.UTF_8));
    RunEtcdRequest force =
        new RunEtcdRequest(
            null,
            etcdSpec(LOOPBACK.address(5), "/var/lib/etcd-learner"),
            "etcd-forced",
            Map.of("force-new-cluster", "true"),
            null,
            null,
            false,
            null);

    assertThatThrownBy(() -> docker.runEtcd(force, null))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("refusing --force-new-cluster")
        .hasMessageContaining("/var/lib/etcd-learner holds a learner's data");
    assertThat(docker.inspect(new Target("etcd-forced"), null).exists()).isFalse();
  }

  @Test
  void restoreRunsInsideTheEtcdImageAsRkeDoes() throws Exception {
    Path snapshot = dir.resolve("root/var/lib/etcd-dr/snap.db");
    Files.createDirectories(snapshot.getParent());
    Process source =
        PlainEtcd.start("src", LOOPBACK.address(6), dir.resolve("src"), dir.resolve("src.log"));
    try {
      PlainEtcd.etcdctl(LOOPBACK.address(6), "put", "/registry/pods/default/web-1", "running");
      PlainEtcd.etcdctl(LOOPBACK.address(6), "snapshot", "save", snapshot.toString());
    } finally {
      source.destroy();
      source.waitFor();
    }
    AgentPaths paths = new AgentPaths(dir.resolve("root"), AgentPaths.DEFAULT_ALLOWED);
    var data =
        new io.etcddr.activities.etcddata.EtcdDataActivitiesImpl(
            paths,
            io.etcddr.activities.etcddata.EtcdBinaries.find(),
            new io.etcddr.activities.etcd.EtcdClusters(
                new io.etcddr.activities.inventory.ClusterInventory(dir.resolve("clusters")),
                io.etcddr.activities.record.ClusterRecords.none()),
            engine,
            new io.etcddr.activities.store.SnapshotStores(paths, null, null));
    var request =
        new io.etcddr.contract.etcddata.EtcdDataActivities.RestoreRequest(
            "/var/lib/etcd-dr/snap.db",
            "/var/lib/etcd-restored",
            "img",
            "http://" + LOOPBACK.address(7) + ":2380",
            null,
            false,
            null,
            image,
            null);
    var context = new io.etcddr.contract.StepContext("wf", "run", "restore", "node", "key");

    var first = data.restoreSingleNode(request, context);
    var again = data.restoreSingleNode(request, context);

    assertThat(first.restored()).isTrue();
    assertThat(again.restored()).isFalse();
    assertThat(again.clusterToken()).isEqualTo(first.clusterToken());
    assertThat(engine.client().listContainersCmd().withShowAll(true).exec())
        .as("the one-shot container is gone")
        .noneMatch(c -> c.getNames()[0].contains("etcd-dr-restore"));
    Process restored =
        PlainEtcd.start(
            "img",
            LOOPBACK.address(7),
            dir.resolve("root/var/lib/etcd-restored"),
            dir.resolve("img.log"));
    try {
      assertThat(
              PlainEtcd.etcdctl(
                  LOOPBACK.address(7), "get", "/registry/pods/default/web-1", "--print-value-only"))
          .isEqualTo("running");
    } finally {
      restored.destroy();
      restored.waitFor();
    }
  }

  private static <T> T retrying(java.util.function.Supplier<T> call) {
    RuntimeException last = null;
    for (int i = 0; i < 20; i++) {
      try {
        T result = call.get();
        if (!(result instanceof io.etcddr.contract.docker.DockerActivities.ExecResult r)
            || r.exitCode() == 0) {
          return result;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (last != null) {
      throw last;
    }
    return call.get();
  }
}
