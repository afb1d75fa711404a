package io.etcddr.activities.rke;

import static io.etcddr.activities.support.StepInputs.orDefault;

import io.etcddr.activities.cert.RkeCertificateNames;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.host.ChildProcesses;
import io.etcddr.activities.host.HostFiles;
import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.activities.support.Heartbeats;
import io.etcddr.contract.FailureType;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.rke.RkeActivities;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class RkeActivitiesImpl implements RkeActivities, Preflighted {

  private static final Logger LOG = LoggerFactory.getLogger(RkeActivitiesImpl.class);
  private static final int TAIL_LINES = 20;

  private final AgentPaths paths;
  private final ClusterInventory inventory;
  private final String rkeBinary;

  /**
   * @param rkeBinary the `rke` executable (a name on PATH or a path); the lab passes its stand-in
   */
  public RkeActivitiesImpl(AgentPaths paths, ClusterInventory inventory, String rkeBinary) {
    this.paths = paths;
    this.inventory = inventory;
    this.rkeBinary = rkeBinary;
  }

  /** `rke` and cluster.yml on this node, as the deploy steps need them; nothing is rewritten. */
  @Override
  public PreflightTable preflights() {
    return new PreflightTable()
        .readsDeclaredBy(this)
        .add(
            "rke.externalEtcd",
            ExternalEtcdRequest.class,
            (request, asked, context) -> {
              Readiness here = check(new CheckRequest(request.cluster()), context);
              String would =
                  "back up "
                      + here.config()
                      + ", point it at "
                      + (request.externalUrls() == null ? "the new etcd" : request.externalUrls())
                      + (request.removeNodes() == null || request.removeNodes().isEmpty()
                          ? ""
                          : ", drop " + request.removeNodes());
              return here.configExists()
                  ? Preflight.ready(would)
                  : Preflight.notReady(would, "there is no " + here.config() + " on this node");
            })
        .add(
            "rke.up",
            UpRequest.class,
            (request, asked, context) -> {
              Readiness here = check(new CheckRequest(request.cluster()), context);
              String would = "run rke up --config " + here.config();
              if (here.rke().isEmpty()) {
                return Preflight.notReady(would, "no `" + rkeBinary + "` executable on this node");
              }
              return here.configExists()
                  ? Preflight.ready(would + " (" + here.rke() + ")")
                  : Preflight.notReady(would, "there is no " + here.config() + " on this node");
            });
  }

  @Override
  public ExternalEtcd externalEtcd(ExternalEtcdRequest request, StepContext context) {
    if (request.externalUrls() == null || request.externalUrls().isEmpty()) {
      throw ActivityFailures.badInput("externalUrls is required: the new etcd's client URLs");
    }
    Cluster cluster = cluster(request.cluster());
    Path config = paths.resolve(cluster.rkeConfig());
    try {
      if (!Files.isRegularFile(config)) {
        throw ActivityFailures.precondition("there is no " + cluster.rkeConfig() + " on this node");
      }
      String original = Files.readString(config);
      ClusterYml yml = ClusterYml.parse(original);
      yml.removeNodesAndEtcdRole(request.removeNodes() == null ? List.of() : request.removeNodes());
      yml.externalEtcd(
          request.externalUrls(),
          orDefault(request.path(), "/registry"),
          pem(orDefault(request.caCert(), cluster.certDir() + "/" + RkeCertificateNames.CA_CERT)),
          pem(required("cert", request.cert())),
          pem(required("key", request.key())));
      String rewritten = yml.text();
      if (rewritten.equals(original)) {
        return new ExternalEtcd(cluster.rkeConfig(), existingBackup(config, context), false);
      }
      Path backup = HostFiles.backupOnce(config, context);
      HostFiles.writeAtomically(config, rewritten.getBytes(StandardCharsets.UTF_8));
      return new ExternalEtcd(cluster.rkeConfig(), paths.toNode(backup), true);
    } catch (IOException e) {
      // The message names the file and the problem, never a line of it: cluster.yml holds keys.
      throw ActivityFailures.retryable(
          "cannot rewrite " + cluster.rkeConfig() + ": " + e.getClass().getSimpleName());
    }
  }

  @Override
  public UpResult up(UpRequest request, StepContext context) {
    Cluster cluster = cluster(request.cluster());
    Path config = paths.resolve(cluster.rkeConfig());
    if (!Files.isRegularFile(config)) {
      throw ActivityFailures.precondition("there is no " + cluster.rkeConfig() + " on this node");
    }
    RkeUpRecord record = new RkeUpRecord(config, context);
    try {
      if (record.succeededAlready()) {
        LOG.info("rke up already succeeded on this cluster.yml for this step; not run again");
        return new UpResult(0);
      }
    } catch (IOException e) {
      throw ActivityFailures.retryable(
          "cannot read " + cluster.rkeConfig() + ": " + e.getMessage());
    }
    List<String> command = new ArrayList<>(List.of(rkeBinary, "up", "--config", config.toString()));
    if (request.extraArgs() != null) {
      command.addAll(request.extraArgs());
    }
    RkeRun run = runInFolder(command, config.getParent());
    if (run.exit() == 0) {
      try {
        record.succeeded();
      } catch (IOException e) {
        LOG.warn("rke up succeeded but its record could not be written: {}", e.getMessage());
      }
      return new UpResult(0);
    }
    if (run.fatal().isPresent()) {
      throw ActivityFailures.of(
          FailureType.Fatal,
          "rke up failed: " + run.fatal().get().fragment() + " — " + run.fatal().get().advice());
    }
    throw ActivityFailures.retryable("rke up exited with " + run.exit() + ": " + run.lastLine());
  }

  @Override
  public Readiness check(CheckRequest request, StepContext context) {
    Cluster cluster = cluster(request.cluster());
    Path config = paths.resolve(cluster.rkeConfig());
    return new Readiness(
        executable(rkeBinary).map(Path::toString).orElse(""),
        cluster.rkeConfig(),
        Files.isRegularFile(config),
        Files.isRegularFile(config.resolveSibling("cluster.rkestate")));
  }

  /** A path as given, or the first match on PATH, when it is an executable file. */
  static Optional<Path> executable(String name) {
    if (name.contains("/")) {
      Path path = Path.of(name);
      return Files.isRegularFile(path) && Files.isExecutable(path)
          ? Optional.of(path)
          : Optional.empty();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** How rke ended: its exit code, the first known fatal error it printed, its last line. */
  private record RkeRun(int exit, Optional<RkeFatalErrors.Known> fatal, String lastLine) {}

  /**
   * Runs rke in the config's folder (where it keeps cluster.rkestate), its output streamed into
   * heartbeats and the agent's log; killed if the step is cancelled or times out.
   */
  private RkeRun runInFolder(List<String> command, Path folder) {
    Deque<String> tail = new ArrayDeque<>();
    Optional<RkeFatalErrors.Known> fatal = Optional.empty();
    try {
      Process rke =
          new ProcessBuilder(ChildProcesses.diesWithAgent(command))
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectInput(new File("/dev/null"))
              .start();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(rke.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          LOG.info("rke: {}", line);
          Heartbeats.beat(line);
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
          if (fatal.isEmpty()) {
            fatal = RkeFatalErrors.in(line);
          }
        }
      } finally {
        if (rke.isAlive()) {
          rke.destroyForcibly(); // cancelled or timed out: do not leave rke running alone
        }
      }
      return new RkeRun(rke.waitFor(), fatal, tail.isEmpty() ? "no output" : tail.peekLast());
    } catch (IOException e) {
      throw ActivityFailures.precondition(
          "cannot run `"
              + rkeBinary
              + "` ("
              + e.getMessage()
              + "); install RKE on the deploy node");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActivityFailures.retryable("interrupted while rke up ran");
    }
  }

  private Cluster cluster(String name) {
    try {
      Cluster cluster = inventory.require(name);
      if (cluster.rkeConfig() == null) {
        throw ActivityFailures.badInput(
            "cluster `" + name + "` has no rkeConfig in the inventory; add spec.rkeConfig");
      }
      return cluster;
    } catch (ClusterInventory.InventoryException e) {
      throw ActivityFailures.badInput(e.getMessage());
    }
  }

  /** A PEM file's text; its content never reaches an error message. */
  private String pem(String nodePath) throws IOException {
    Path file = paths.resolve(nodePath);
    if (!Files.isRegularFile(file)) {
      throw ActivityFailures.precondition(nodePath + " does not exist on the deploy node");
    }
    String text = Files.readString(file);
    if (!text.contains("-----BEGIN ")) {
      throw ActivityFailures.badInput(nodePath + " is not a PEM file");
    }
    return text;
  }

  /** This step's backup when an earlier attempt made one (the file then already says this). */
  private String existingBackup(Path config, StepContext context) {
    Path backup = HostFiles.backupPath(config, context);
    return Files.exists(backup) ? paths.toNode(backup) : "";
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw ActivityFailures.badInput(name + " is required: a file on the deploy node");
    }
    return value;
  }
}
