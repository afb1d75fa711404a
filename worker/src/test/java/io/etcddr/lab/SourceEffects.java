package io.etcddr.lab;

import com.github.dockerjava.api.model.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The effects of a failover counted where they happen, never from etcd-dr's own logs: renames into
 * place on the deploy node's file system (inotify), containers created and renamed by its engine
 * (the engine's events), `rke up` runs (the stand-in's own log), files left beside cluster.yml.
 */
final class SourceEffects implements AutoCloseable {

  /** Node paths whose arrival by rename is counted: the copy, the restored data, cluster.yml. */
  static final List<String> PLACED =
      List.of(
          "/var/lib/etcd-dr/failover/learner.db", "/var/lib/etcd-restored", "/etc/rke/cluster.yml");

  private final Path root;
  private final Process inotify;
  private final List<String> moved = Collections.synchronizedList(new ArrayList<>());

  private SourceEffects(Path root, Process inotify) {
    this.root = root;
    this.inotify = inotify;
  }

  /** Watches the deploy node's folders from now on; returns once the watches are in place. */
  static SourceEffects watch(Lab lab) throws IOException, InterruptedException {
    Path root = lab.layout().root(lab.deployNode());
    Process inotify =
        new ProcessBuilder(
                "inotifywait",
                "-m",
                "-r",
                "-e",
                "moved_to",
                "--format",
                "%w%f",
                root.resolve("var/lib").toString(),
                root.resolve("etc/rke").toString())
            .start();
    SourceEffects effects = new SourceEffects(root, inotify);
    BufferedReader err =
        new BufferedReader(new InputStreamReader(inotify.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null && !line.contains("Watches established")) {
      // "Setting up watches…"
    }
    if (line == null) {
      throw new IOException("inotifywait ended before its watches were set up");
    }
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(inotify.getInputStream(), StandardCharsets.UTF_8))) {
                String path;
                while ((path = out.readLine()) != null) {
                  effects.moved.add("/" + root.relativize(Path.of(path)));
                }
              } catch (IOException ended) {
                // inotifywait stopped
              }
            },
            "inotify-reader");
    reader.setDaemon(true);
    reader.start();
    return effects;
  }

  /** What the cell did, counted at each source. */
  Map<String, Object> count(CellWatch watch) throws IOException {
    Map<String, Object> counts = new LinkedHashMap<>();
    Thread.yield();
    synchronized (moved) {
      for (String path : PLACED) {
        counts.put("renamed into " + path, moved.stream().filter(path::equals).count());
      }
    }
    List<Event> node1 = watch.containerEvents("node1");
    counts.put("etcd containers created", created(node1, "etcd"));
    counts.put(
        "etcd renamed aside",
        node1.stream()
            .filter(e -> "rename".equals(e.getAction()))
            .filter(e -> CellWatch.attribute(e, "oldName").replaceFirst("^/", "").equals("etcd"))
            .count());
    counts.put(
        "restore containers",
        node1.stream()
            .filter(e -> "create".equals(e.getAction()))
            .filter(e -> CellWatch.name(e).startsWith("etcd-dr-restore-"))
            .count());
    counts.put(
        "kube-apiserver created (node1, node2)",
        created(node1, "kube-apiserver")
            + ", "
            + created(watch.containerEvents("node2"), "kube-apiserver"));
    List<String> rke = watch.rkeInvocations();
    counts.put("rke up runs", rke.stream().filter(l -> l.split(" ")[2].equals("start")).count());
    counts.put("rke up runs cut short", unfinished(rke));
    counts.put("rke up runs at once (most)", mostAtOnce(rke));
    try (Stream<Path> files = Files.list(root.resolve("etc/rke"))) {
      counts.put(
          "cluster.yml backups",
          files
              .filter(f -> f.getFileName().toString().startsWith("cluster.yml.etcd-dr-backup-"))
              .count());
    }
    return counts;
  }

  private static long created(List<Event> events, String name) {
    return events.stream()
        .filter(e -> "create".equals(e.getAction()))
        .filter(e -> CellWatch.name(e).equals(name))
        .count();
  }

  /** Runs that began and never said they ended: killed with the agent that ran them. */
  private static long unfinished(List<String> invocations) {
    Map<String, Integer> open = new LinkedHashMap<>();
    for (String line : invocations) {
      String[] parts = line.split(" ");
      open.merge(parts[1], parts[2].equals("start") ? 1 : -1, Integer::sum);
    }
    return open.values().stream().filter(v -> v > 0).count();
  }

  /**
   * The most rke runs alive at one moment: each run records, as it starts, how many earlier ones
   * are still alive (a run killed with its agent must be gone before the retry's begins).
   */
  private static long mostAtOnce(List<String> invocations) {
    return invocations.stream()
        .map(l -> l.split(" "))
        .filter(parts -> parts[2].equals("start"))
        .mapToLong(parts -> parts.length > 3 ? 1 + Long.parseLong(parts[3]) : 1)
        .max()
        .orElse(0);
  }

  @Override
  public void close() throws InterruptedException {
    inotify.destroy();
    inotify.waitFor(5, TimeUnit.SECONDS);
  }
}
