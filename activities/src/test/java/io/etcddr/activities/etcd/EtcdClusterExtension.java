package io.etcddr.activities.etcd;

import io.etcddr.activities.etcddata.EtcdBinaries;
import io.etcddr.activities.etcddata.EtcdDataActivitiesImpl;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.activities.record.TemporalClusterRecords;
import io.etcddr.activities.store.SnapshotStores;
import io.etcddr.cluster.ClusterWorkflowImpl;
import io.etcddr.contract.EngineDataConverter;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.TaskQueues;
import io.etcddr.contract.etcd.EtcdActivities;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import io.etcddr.testing.LoopbackBlock;
import io.etcddr.testing.Prerequisites;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd cluster for one test class, on its own block of loopback addresses:
 *
 * <pre>{@code
 * @RegisterExtension
 * static EtcdClusterExtension etcd =
 *     EtcdClusterExtension.builder().voters(3).learner().version(EtcdVersion.V3_4).build();
 * }</pre>
 *
 * Voters take the block's first addresses (names m1, m2, ...), the learner (name {@code learner},
 * added with our own `etcd.addLearner`) the next one, the worker's client certificate the last one;
 * {@link #spare} hands out the rest. The inventory describes it as cluster {@code lab}. With {@link
 * Builder#records()}, the clusters' durable records are the real {@link ClusterWorkflowImpl} in
 * Temporal's in-memory test service. Everything started is stopped after the class, also when a
 * test fails.
 */
public final class EtcdClusterExtension
    implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  public static final String CLUSTER = "lab";
  public static final StepContext CONTEXT =
      new StepContext("test/lab", "run-1", "step", "node1", "test/lab/step");
  private static final int CLIENT = LoopbackBlock.SIZE - 1;

  private final int voters;
  private final boolean learner;
  private final EtcdVersion version;
  private final boolean records;
  private LoopbackBlock block;
  private EtcdTestCluster cluster;
  private Path inventory;
  private TestWorkflowEnvironment temporal;
  private ClusterRecords clusterRecords = ClusterRecords.none();
  private EtcdActivitiesImpl etcd;
  private EtcdDataActivitiesImpl data;

  private EtcdClusterExtension(Builder builder) {
    this.voters = builder.voters;
    this.learner = builder.learner;
    this.version = builder.version;
    this.records = builder.records;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How a test class wants its cluster. */
  public static final class Builder {
    private int voters = 3;
    private boolean learner;
    private EtcdVersion version = EtcdVersion.V3_4;
    private boolean records;

    public Builder voters(int count) {
      this.voters = count;
      return this;
    }

    public Builder learner() {
      this.learner = true;
      return this;
    }

    public Builder version(EtcdVersion etcdVersion) {
      this.version = etcdVersion;
      return this;
    }

    /** Keep the clusters' records in the real cluster workflow (adoption, generations). */
    public Builder records() {
      this.records = true;
      return this;
    }

    public EtcdClusterExtension build() {
      if (voters + (learner ? 1 : 0) >= CLIENT) {
        throw new IllegalArgumentException("a block holds " + (CLIENT - 1) + " members at most");
      }
      return new EtcdClusterExtension(this);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /**
   * Starts the cluster; for classes that run once per etcd version ({@link OnEachEtcdVersion}) and
   * start it in their {@code @BeforeParameterizedClassInvocation}.
   */
  public EtcdClusterExtension start() throws Exception {
    Prerequisites.need()
        .executable(version.etcd().toString())
        .executable(version.etcdctl().toString())
        .orSkip();
    block = LoopbackBlock.allocate();
    System.out.println("etcd cluster of " + voters + " voter(s) on " + version + " at " + block);
    cluster =
        EtcdTestCluster.startVoters(version, block.addresses(0, voters).toArray(String[]::new));
    EtcdTls client = cluster.issue(block.address(CLIENT));
    inventory = Files.createDirectories(cluster.root().resolve("clusters"));
    writeInventory(client);
    if (records) {
      startRecords();
    }
    EtcdClusters clusters = new EtcdClusters(new ClusterInventory(inventory), clusterRecords);
    etcd = new EtcdActivitiesImpl(clusters);
    data =
        new EtcdDataActivitiesImpl(
            AgentPaths.HOST,
            EtcdBinaries.of(version),
            clusters,
            null,
            new SnapshotStores(AgentPaths.HOST, null, null));
    if (learner) {
      addLearner();
    }
    return this;
  }

  @Override
  public void close() throws Exception {
    try {
      if (temporal != null) {
        temporal.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (block != null) {
        block.close();
        block = null;
      }
    }
  }

  public EtcdTestCluster cluster() {
    return cluster;
  }

  public EtcdVersion version() {
    return version;
  }

  /** The worker's etcd activities over cluster `lab`. */
  public EtcdActivitiesImpl etcd() {
    return etcd;
  }

  /** A node's etcd data activities (on the host, with this version's tools). */
  public EtcdDataActivitiesImpl data() {
    return data;
  }

  public ClusterRecords records() {
    return clusterRecords;
  }

  public Path inventory() {
    return inventory;
  }

  public EtcdTls clientTls() {
    return cluster.tls(block.address(CLIENT));
  }

  /** A free address of this class's block, for restored or foreign members: 0, 1, ... */
  public String spare(int index) {
    int first = voters + (learner ? 1 : 0);
    if (first + index >= CLIENT) {
      throw new IllegalArgumentException("only " + (CLIENT - first) + " spare addresses");
    }
    return block.address(first + index);
  }

  public String learnerAddress() {
    return block.address(voters);
  }

  public List<String> voterUrls() {
    return cluster.clientUrls().subList(0, voters);
  }

  /**
   * A snapshot of the cluster restored as a new one-member cluster (a new cluster ID) on spare
   * address {@code spare}, serving, with one write of its own; its client URL. What a failover or
   * restore leaves behind, before it is recorded as the next generation.
   */
  public String restoreAsNewCluster(int spare) throws Exception {
    Path file = cluster.root().resolve("snapshots/base-" + spare + ".db");
    data.snapshot(
        new EtcdDataActivities.SnapshotRequest(
            CLUSTER, file.toString(), null, null, null, null, null, null),
        CONTEXT);
    Path dir = cluster.root().resolve("restored-" + spare);
    String address = spare(spare);
    data.restoreSingleNode(
        new EtcdDataActivities.RestoreRequest(
            file.toString(),
            dir.toString(),
            "restored",
            "https://" + address + ":2380",
            null,
            false,
            null,
            null,
            null),
        CONTEXT);
    cluster.startRestored("restored-" + spare, address, dir);
    String url = "https://" + address + ":2379";
    try (io.etcd.jetcd.Client client = EtcdClients.connect(List.of(url), clientTls())) {
      client
          .getKVClient()
          .put(
              io.etcd.jetcd.ByteSequence.from(
                  "/registry/after", java.nio.charset.StandardCharsets.UTF_8),
              io.etcd.jetcd.ByteSequence.from("b", java.nio.charset.StandardCharsets.UTF_8))
          .get(20, java.util.concurrent.TimeUnit.SECONDS);
    }
    return url;
  }

  private void writeInventory(EtcdTls client) throws Exception {
    List<String> endpoints = new ArrayList<>(cluster.clientUrls());
    if (learner) {
      endpoints.add("https://" + learnerAddress() + ":2379");
    }
    Files.writeString(
        inventory.resolve(CLUSTER + ".yaml"),
        """
        apiVersion: etcd-dr/v1
        kind: Cluster
        metadata: { name: lab }
        spec:
          deployNode: m1
          caNode: m1
          etcd:
            endpoints: [%s]
            caCert: %s
            cert: %s
            key: %s
        """
            .formatted(String.join(", ", endpoints), client.caCert(), client.cert(), client.key()));
  }

  private void startRecords() {
    temporal =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(EngineDataConverter.create())
                        .build())
                .setUseTimeskipping(false)
                .build());
    temporal
        .newWorker(TaskQueues.WORKER)
        .registerWorkflowImplementationTypes(ClusterWorkflowImpl.class);
    temporal.start();
    clusterRecords = new TemporalClusterRecords(temporal.getWorkflowClient());
  }

  /**
   * `member add --learner` right after start may meet "unhealthy cluster": retried as Temporal
   * would.
   */
  private void addLearner() throws Exception {
    EtcdActivities.AddLearnerResult added = null;
    RuntimeException last = null;
    for (int i = 0; i < 30 && added == null; i++) {
      try {
        added =
            etcd.addLearner(
                new EtcdActivities.AddLearnerRequest(
                    CLUSTER, "learner", "https://" + learnerAddress() + ":2380"),
                CONTEXT);
      } catch (RuntimeException notYet) {
        last = notYet;
        Thread.sleep(1000);
      }
    }
    if (added == null) {
      throw last;
    }
    cluster.startLearner("learner", learnerAddress(), added.initialCluster());
  }
}
