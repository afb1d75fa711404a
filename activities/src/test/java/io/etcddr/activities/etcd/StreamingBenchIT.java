package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The streaming benchmark (bench/streaming; the full suite runs it at 32 MiB): etcd.snapshot and
 * etcd.copyBackend of an etcd holding {@code -Dbench.streamMiB} MiB, each in an agent-sized JVM
 * (-Xmx128m), against the raw commands in the same run — `etcdctl snapshot save` + `sha256sum`, and
 * `cp` + `sha256sum` of the backend. Prints throughput, the ratio and the JVM's peak heap (at a
 * small and at the full size: it must not grow with the file); writes target/streaming.md. Asserts
 * only that each copy is whole.
 */
@Tag("long") // a benchmark: bench/streaming runs it, and the full suite; LargeBackendIT streams in
// CI
class StreamingBenchIT {

  private static final int VALUE_BYTES = 1 << 20;
  private static final Pattern PROBE =
      Pattern.compile("millis=(\\d+) heapPeakMiB=(\\d+) oldPeakMiB=(\\d+)");

  private static EtcdClusterExtension etcd;

  @BeforeAll
  static void start() throws Exception {
    etcd = EtcdClusterExtension.builder().voters(1).version(EtcdVersion.V3_5_30).build().start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void snapshotAndBackendCopyAgainstTheRawCommands() throws Exception {
    int mib = Integer.getInteger("bench.streamMiB", 32);
    EtcdTestCluster cluster = etcd.cluster();
    Path work = Files.createDirectories(cluster.root().resolve("bench"));
    fill(mib);
    List<String> rows = new ArrayList<>();

    Path snapshot = work.resolve("snapshot.db");
    Probe taken =
        probe(
            "snapshot",
            etcd.inventory().toString(),
            EtcdClusterExtension.CLUSTER,
            snapshot.toString());
    long bytes = Files.size(snapshot);
    EtcdTls tls = etcd.clientTls();
    double raw =
        timed(
                etcd.version().etcdctl().toString(),
                "--endpoints=" + cluster.clientUrls().get(0),
                "--cacert=" + tls.caCert(),
                "--cert=" + tls.cert(),
                "--key=" + tls.key(),
                "snapshot",
                "save",
                work.resolve("raw-snapshot.db").toString())
            + timed("sha256sum", work.resolve("raw-snapshot.db").toString());
    rows.add(row("etcd.snapshot vs etcdctl snapshot save + sha256sum", bytes, taken, raw));

    cluster.stop("m1");
    Path dataDir = cluster.member("m1").dataDir();
    Path db = dataDir.resolve("member/snap/db");
    double rawCopy =
        timed("cp", db.toString(), work.resolve("raw-copy.db").toString())
            + timed("sha256sum", work.resolve("raw-copy.db").toString());
    // etcd-dr fsyncs the copy before it counts as made (a power cut must not leave half of it)
    double rawDurable =
        timed("cp", db.toString(), work.resolve("raw-synced.db").toString())
            + timed("sync", work.resolve("raw-synced.db").toString())
            + timed("sha256sum", work.resolve("raw-synced.db").toString());
    Probe streamed = probe("copy", dataDir.toString(), work.resolve("copy.db").toString());
    rows.add(
        row(
            "etcd.copyBackend, streaming (no etcd on PATH) vs cp + sha256sum",
            Files.size(db),
            streamed,
            rawCopy));
    rows.add(
        row(
            "etcd.copyBackend, streaming vs cp + sync + sha256sum",
            Files.size(db),
            streamed,
            rawDurable));
    Probe replayed =
        probe(
            "copy",
            dataDir.toString(),
            work.resolve("copy-replayed.db").toString(),
            etcd.version().etcd().toString());
    rows.add(
        row(
            "etcd.copyBackend with its WAL replay, as on a node, vs cp + sha256sum",
            Files.size(db),
            replayed,
            rawCopy));
    assertThat(Files.size(work.resolve("copy.db"))).isEqualTo(Files.size(db));
    assertThat(bytes).isGreaterThanOrEqualTo((long) mib << 20);

    Path small = Files.createDirectories(work.resolve("small/member/snap"));
    Files.write(small.resolve("db"), new byte[16 << 20]);
    Probe smallCopy =
        probe("copy", work.resolve("small").toString(), work.resolve("small.db").toString());

    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "## Streaming: %d MiB through etcd-dr's activities vs the raw commands (agent JVM -Xmx128m)%n%n",
            mib));
    out.append(
        "| what | MiB | etcd-dr s | MiB/s | raw s | MiB/s | ratio (throughput) | heap peak MiB | old gen peak MiB |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(out::append);
    out.append(
        String.format(
            "%nHeap of the same copy of a 16 MiB file: peak %d MiB, old gen %d MiB (the %d MiB copy: %d, %d).%n",
            smallCopy.heapPeakMiB(),
            smallCopy.oldPeakMiB(),
            Files.size(db) >> 20,
            streamed.heapPeakMiB(),
            streamed.oldPeakMiB()));
    System.out.println(out);
    Files.writeString(Path.of("target", "streaming.md"), out.toString());
  }

  /** Writes about {@code mib} MiB of 1 MiB values. */
  private static void fill(int mib) throws Exception {
    byte[] value = new byte[VALUE_BYTES];
    try (Client client = EtcdClients.connect(etcd.cluster().clientUrls(), etcd.clientTls())) {
      for (int i = 0; i < mib; i++) {
        java.util.Arrays.fill(value, (byte) i);
        client
            .getKVClient()
            .put(
                ByteSequence.from("/bench/big/" + i, StandardCharsets.UTF_8),
                ByteSequence.from(value))
            .get(60, TimeUnit.SECONDS);
      }
    }
  }

  record Probe(long millis, long heapPeakMiB, long oldPeakMiB) {}

  private static Probe probe(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                StreamingProbe.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    Matcher m = PROBE.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return new Probe(
        Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
  }

  /** Seconds the command took; it must succeed. */
  private static double timed(String... command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return (System.nanoTime() - start) / 1e9;
  }

  private static String row(String what, long bytes, Probe ours, double rawSeconds) {
    double mib = bytes / (double) (1 << 20);
    double oursSeconds = ours.millis() / 1000.0;
    return String.format(
        "| %s | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f | %d | %d |%n",
        what,
        mib,
        oursSeconds,
        mib / oursSeconds,
        rawSeconds,
        mib / rawSeconds,
        rawSeconds / oursSeconds,
        ours.heapPeakMiB(),
        ours.oldPeakMiB());
  }
}
