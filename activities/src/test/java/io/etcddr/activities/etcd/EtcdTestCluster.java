package io.etcddr.activities.etcd;

import io.etcddr.activities.cert.ClusterCa;
import io.etcddr.activities.cert.KeyAlgorithm;
import io.etcddr.activities.cert.MemberKey;
import io.etcddr.activities.cert.PemFiles;
import io.etcddr.activities.cert.RkeCertificateNames;
import io.etcddr.activities.cert.SubjectNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real etcd members of one {@link EtcdVersion} (Debian's packages) on loopback addresses, with TLS
 * and client/peer certificate auth as RKE runs them, every certificate issued by our own cert code.
 * Stops what it started by PID and removes its folder, also when a test fails. Tests reach it
 * through {@link EtcdClusterExtension}.
 */
public final class EtcdTestCluster implements AutoCloseable {

  private final Path root;
  private final Path ssl;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final String token;
  private final EtcdVersion version;

  /** One etcd process: its name, address, data dir and (while it runs) its process. */
  public static final class Member {
    final String name;
    final String address;
    final Path dataDir;
    Process process;

    Member(String name, String address, Path dataDir) {
      this.name = name;
      this.address = address;
      this.dataDir = dataDir;
    }

    public String name() {
      return name;
    }

    public String clientUrl() {
      return "https://" + address + ":2379";
    }

    public String peerUrl() {
      return "https://" + address + ":2380";
    }

    public Path dataDir() {
      return dataDir;
    }
  }

  private EtcdTestCluster(Path root, String token, EtcdVersion version) {
    this.root = root;
    this.ssl = root.resolve("ssl");
    this.token = token;
    this.version = version;
  }

  public EtcdVersion version() {
    return version;
  }

  /** Starts voters on the given addresses (names m1, m2, ...) and waits until they serve. */
  public static EtcdTestCluster startVoters(EtcdVersion version, String... addresses)
      throws Exception {
    EtcdTestCluster cluster =
        new EtcdTestCluster(
            Files.createTempDirectory("etcd-dr-etcd-"),
            "etcd-dr-test-" + Instant.now().toEpochMilli(),
            version);
    try {
      Files.createDirectories(cluster.ssl);
      ClusterCa ca = ClusterCa.create(cluster.ssl, "kube-ca", Duration.ofDays(30));
      List<String> initial = new ArrayList<>();
      for (int i = 0; i < addresses.length; i++) {
        Member member =
            new Member("m" + (i + 1), addresses[i], cluster.root.resolve("m" + (i + 1)));
        cluster.members.put(member.name, member);
        cluster.issue(ca, addresses[i]);
        initial.add(member.name + "=" + member.peerUrl());
      }
      for (Member member : cluster.members.values()) {
        cluster.start(member, String.join(",", initial), "new");
      }
      for (Member member : cluster.members.values()) {
        awaitPort(member.address, 2379, Duration.ofSeconds(30));
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /** Issues a member certificate with our cert code, as cert.issue would on that node. */
  public EtcdTls issue(ClusterCa ca, String address) throws Exception {
    // On one machine every peer connects from 127.0.0.1, and etcd checks a peer's source IP
    // against its certificate's IP SANs; on real nodes the node's own address is enough.
    MemberKey key =
        MemberKey.generate(
            KeyAlgorithm.RSA_2048, address, SubjectNames.of(address, List.of("127.0.0.1")));
    PemFiles.writeKey(RkeCertificateNames.etcdKey(ssl, address), key.keyPair());
    PemFiles.writePublic(
        RkeCertificateNames.etcdCert(ssl, address),
        PemFiles.toPem(ca.sign(key.csrPem(), Duration.ofDays(30), Instant.now())));
    return tls(address);
  }

  public EtcdTls issue(String address) throws Exception {
    return issue(ClusterCa.load(ssl), address);
  }

  public EtcdTls tls(String address) {
    return new EtcdTls(
        ssl.resolve(RkeCertificateNames.CA_CERT),
        RkeCertificateNames.etcdCert(ssl, address),
        RkeCertificateNames.etcdKey(ssl, address));
  }

  public Path ssl() {
    return ssl;
  }

  public Path root() {
    return root;
  }

  public Member member(String name) {
    return members.get(name);
  }

  public List<String> clientUrls() {
    return members.values().stream().map(Member::clientUrl).toList();
  }

  /** Starts an added learner (after `member add --learner`) with the cluster's member list. */
  public Member startLearner(String name, String address, String initialCluster) throws Exception {
    issue(address);
    Member learner = new Member(name, address, root.resolve(name));
    members.put(name, learner);
    start(learner, initialCluster, "existing");
    awaitPort(address, 2379, Duration.ofSeconds(30));
    return learner;
  }

  /** Starts a single member on a restored data dir (its membership comes from the restore). */
  public Member startRestored(String name, String address, Path dataDir) throws Exception {
    issue(address);
    Member restored = new Member(name, address, dataDir);
    members.put(name, restored);
    start(restored, name + "=" + restored.peerUrl(), "new");
    awaitPort(address, 2379, Duration.ofSeconds(30));
    return restored;
  }

  /** The member's process id while it runs, for faults sent by signal (SIGSTOP, SIGCONT). */
  public long pid(String name) {
    return members.get(name).process.pid();
  }

  /** SIGKILL, as a power cut: etcd gets no chance to flush anything. */
  public void kill(String name) throws InterruptedException {
    Member member = members.get(name);
    if (member.process != null) {
      member.process.destroyForcibly();
      member.process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts a stopped or killed member again on its data dir, as a restart policy would (its
   * membership comes from its data; the initial-cluster flags are ignored then).
   */
  public void restart(String name) throws Exception {
    Member member = members.get(name);
    start(member, name + "=" + member.peerUrl(), "existing");
    awaitPort(member.address, 2379, Duration.ofSeconds(30));
  }

  /** SIGTERM and wait: a learner needs over a second to exit (docs/facts.md). */
  public void stop(String name) throws InterruptedException {
    Member member = members.get(name);
    if (member.process != null && member.process.isAlive()) {
      member.process.destroy();
      if (!member.process.waitFor(20, TimeUnit.SECONDS)) {
        kill(name);
      }
    }
  }

  private void start(Member member, String initialCluster, String state) throws IOException {
    Path ca = ssl.resolve(RkeCertificateNames.CA_CERT);
    String cert = RkeCertificateNames.etcdCert(ssl, member.address).toString();
    String key = RkeCertificateNames.etcdKey(ssl, member.address).toString();
    List<String> command =
        List.of(
            version.etcd().toString(),
            "--name",
            member.name,
            "--data-dir",
            member.dataDir.toString(),
            "--listen-client-urls",
            member.clientUrl(),
            "--advertise-client-urls",
            member.clientUrl(),
            "--listen-peer-urls",
            member.peerUrl(),
            "--initial-advertise-peer-urls",
            member.peerUrl(),
            "--initial-cluster",
            initialCluster,
            "--initial-cluster-state",
            state,
            "--initial-cluster-token",
            token,
            "--client-cert-auth",
            "--trusted-ca-file",
            ca.toString(),
            "--cert-file",
            cert,
            "--key-file",
            key,
            "--peer-client-cert-auth",
            "--peer-trusted-ca-file",
            ca.toString(),
            "--peer-cert-file",
            cert,
            "--peer-key-file",
            key,
            "--heartbeat-interval",
            "100",
            "--election-timeout",
            "1000",
            "--quota-backend-bytes",
            Long.toString(8L << 30), // etcd's suggested maximum: the streaming bench's 2 GiB fit
            "--log-level",
            "warn");
    member.process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(root.resolve(member.name + ".log").toFile()))
            .start();
  }

  static void awaitPort(String address, int port, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException(
        "etcd on " + address + ":" + port + " did not come up in " + timeout.toSeconds() + " s");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (Member member : members.values()) {
      if (member.process != null) {
        member.process.destroyForcibly();
        member.process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (Files.exists(root) && System.getProperty("etcd.keep") == null) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
