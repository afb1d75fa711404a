package io.etcddr.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client inside a site, as its kube-apiservers are: puts keys through the site's members from a
 * node's own network (`lab exec`), one after the other, and writes down every attempt and every
 * acknowledged write with its time and revision. It keeps writing whatever happens to the links, so
 * the test sees exactly which writes the site accepted, and when.
 */
final class SiteWriter implements AutoCloseable {

  /** One acknowledged write: its number, when it was acknowledged (epoch ms), its revision. */
  record Ack(int number, long at, long revision) {}

  private final Path dir;
  private final Process process;
  final String prefix;

  private SiteWriter(Path dir, Process process, String prefix) {
    this.dir = dir;
    this.process = process;
    this.prefix = prefix;
  }

  /** Writes under {@code prefix} through every member of {@code site}, from inside {@code node}. */
  static SiteWriter start(LabFixture fixture, String node, String site, String prefix)
      throws IOException {
    Lab lab = fixture.lab;
    Path dir = Files.createTempDirectory(fixture.dir, "writer-" + node + "-");
    String endpoints =
        String.join(
            ",",
            lab.nodes().stream()
                .filter(n -> n.site().equals(site) && n.etcd())
                .map(n -> "https://" + n.address() + ":2379")
                .toList());
    LabLayout l = lab.layout();
    String etcdctl =
        String.join(
            " ",
            lab.versions().voters().bin().resolve("etcdctl").toString(),
            "--endpoints=" + endpoints,
            "--cacert=" + l.workerCert("ca"),
            "--cert=" + l.workerCert("cert"),
            "--key=" + l.workerCert("key"),
            "--dial-timeout=2s",
            "--command-timeout=3s");
    String script =
        "i=0\n"
            + "while [ ! -e '"
            + dir.resolve("stop")
            + "' ]; do\n"
            + "  i=$((i+1))\n"
            + "  echo \"$i $(date +%s%3N)\" >> '"
            + dir.resolve("attempts")
            + "'\n"
            + "  if out=$("
            + etcdctl
            + " -w json put "
            + prefix
            + "$i v$i 2>/dev/null); then\n"
            + "    rev=$(echo \"$out\" | sed -n 's/.*\"revision\":\\([0-9]*\\).*/\\1/p')\n"
            + "    echo \"$i $(date +%s%3N) $rev\" >> '"
            + dir.resolve("acked")
            + "'\n"
            + "    echo \"$i $out\" >> '"
            + dir.resolve("acked.json")
            + "'\n"
            + "  fi\n"
            + "  sleep 0.05\n"
            + "done\n";
    Files.writeString(dir.resolve("writer.sh"), script);
    Process process =
        new ProcessBuilder(
                lab.network().inNode(node, List.of("sh", dir.resolve("writer.sh").toString())))
            .redirectInput(new File("/dev/null"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("writer.log").toFile())
            .start();
    return new SiteWriter(dir, process, prefix);
  }

  /** Every write acknowledged so far, in order. */
  List<Ack> acked() throws IOException {
    Path file = dir.resolve("acked");
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Ack> acks = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.strip().split(" ");
      if (parts.length == 3) {
        acks.add(
            new Ack(
                Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])));
      }
    }
    return acks;
  }

  /** How many writes were attempted so far (acknowledged or not). */
  int attempts() throws IOException {
    Path file = dir.resolve("attempts");
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  /** Acknowledged writes at or after {@code epochMillis}. */
  long ackedSince(long epochMillis) throws IOException {
    return acked().stream().filter(a -> a.at() >= epochMillis).count();
  }

  Ack last() throws IOException {
    List<Ack> acks = acked();
    if (acks.isEmpty()) {
      throw new AssertionError("the writer has no acknowledged write");
    }
    return acks.get(acks.size() - 1);
  }

  void awaitAcks(int count, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (acked().size() < count) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "the writer got "
                + acked().size()
                + " acknowledgements, not "
                + count
                + "; see "
                + dir);
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() throws Exception {
    Files.writeString(dir.resolve("stop"), "");
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
  }
}
