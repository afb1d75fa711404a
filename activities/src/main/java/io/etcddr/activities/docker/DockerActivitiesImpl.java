package io.etcddr.activities.docker;

import static io.etcddr.activities.support.StepInputs.isTrue;
import static io.etcddr.activities.support.StepInputs.orDefault;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import io.etcddr.activities.host.AgentPaths;
import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.activities.preflight.Preflighted;
import io.etcddr.activities.support.ActivityFailures;
import io.etcddr.activities.support.Heartbeats;
import io.etcddr.activities.support.StepInputs;
import io.etcddr.contract.OneLine;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.PreflightRequest;
import io.etcddr.contract.StepContext;
import io.etcddr.contract.docker.DockerActivities;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

public final class DockerActivitiesImpl implements DockerActivities, Preflighted {

  static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
  static final int DEFAULT_MAX_OUTPUT = 64 * 1024;

  private final DockerEngine engine;
  private final ContainerAllowList allowed;
  private final AgentPaths paths;

  public DockerActivitiesImpl(DockerEngine engine, ContainerAllowList allowed, AgentPaths paths) {
    this.engine = engine;
    this.allowed = allowed;
    this.paths = paths;
  }

  @Override
  public PreflightTable preflights() {
    return new DockerPreflights(this).table();
  }

  /**
   * What runEtcd would do: the same spec and digest, the container of that name as it is, and the
   * image on this node's engine.
   */
  Preflight runEtcdPreflight(RunEtcdRequest request, PreflightRequest asked) {
    String name = allowed.require(orDefault(request.name(), "etcd"));
    ContainerSpec spec =
        baseSpec(request)
            .withEtcdFlags(request.args(), request.removeArgs())
            .withBinds(request.binds())
            .withImage(request.image());
    refuseForceNewClusterOnLearnerData(spec);
    String would = "run etcd container `" + name + "` from image " + spec.image();
    try {
      client().inspectImageCmd(spec.image()).exec();
    } catch (NotFoundException missing) {
      return Preflight.notReady(would, "image " + spec.image() + " is not on this node");
    }
    if (!asked.unknown().isEmpty()) { // its spec is not the one the run will have
      return Preflight.atRunTime(would, PreflightTable.waitsFor(asked));
    }
    Optional<InspectContainerResponse> existing = find(name);
    if (existing.isEmpty()) {
      return Preflight.ready(would);
    }
    if (spec.digest().equals(labels(existing.get()).get(ContainerSpec.DIGEST_LABEL))) {
      return Preflight.ready(
          running(existing.get())
              ? "nothing: `" + name + "` runs with this spec"
              : "start `" + name + "`, which has this spec");
    }
    if (!isTrue(request.replace())) {
      return Preflight.notReady(
          would, "a different container `" + name + "` exists and replace is not set");
    }
    return Preflight.ready(
        would
            + ", renaming the different `"
            + name
            + "` aside"
            + (running(existing.get()) ? " (it runs now: an earlier step must stop it)" : ""));
  }

  @Override
  public Inspected inspect(Target request, StepContext context) {
    String name = allowed.require(request.container());
    return find(name)
        .map(
            c ->
                new Inspected(
                    true, running(c), c.getConfig().getImage(), ContainerSpec.of(c, paths).toMap()))
        .orElseGet(() -> new Inspected(false, false, "", Map.of()));
  }

  @Override
  public ContainerState stop(StopRequest request, StepContext context) {
    String name = allowed.require(request.container());
    Duration grace = StepInputs.duration("graceful", request.graceful(), DEFAULT_GRACE);
    boolean changed =
        Heartbeats.during(
            "stopping " + name,
            () -> {
              try {
                call(
                    () ->
                        client()
                            .stopContainerCmd(name)
                            .withTimeout((int) Math.max(1, grace.toSeconds()))
                            .exec());
                return true;
              } catch (NotModifiedException | NotFoundException alreadyStoppedOrGone) {
                return false;
              }
            });
    return state(name, changed);
  }

  @Override
  public ContainerState start(Target request, StepContext context) {
    String name = allowed.require(request.container());
    boolean changed;
    try {
      call(() -> client().startContainerCmd(name).exec());
      changed = true;
    } catch (NotModifiedException alreadyRunning) {
      changed = false;
    } catch (NotFoundException missing) {
      throw ActivityFailures.precondition(
          "there is no container `" + name + "` on " + engine.host() + "; nothing to start");
    }
    return state(name, changed);
  }

  @Override
  public Removed remove(RemoveRequest request, StepContext context) {
    String name = allowed.require(request.container());
    try {
      call(() -> client().removeContainerCmd(name).withForce(isTrue(request.force())).exec());
      return new Removed(true);
    } catch (NotFoundException missing) {
      return new Removed(false);
    } catch (ConflictException running) {
      throw ActivityFailures.precondition(
          "container `" + name + "` is running; stop it first (docker.stop) or set force: true");
    }
  }

  @Override
  public RunEtcdResult runEtcd(RunEtcdRequest request, StepContext context) {
    String name = allowed.require(orDefault(request.name(), "etcd"));
    ContainerSpec base = baseSpec(request);
    ContainerSpec spec =
        base.withEtcdFlags(request.args(), request.removeArgs())
            .withBinds(request.binds())
            .withImage(request.image());
    refuseForceNewClusterOnLearnerData(spec);
    String digest = spec.digest();

    String replaced = "";
    Optional<InspectContainerResponse> existing = find(name);
    if (existing.isPresent()) {
      InspectContainerResponse current = existing.get();
      if (digest.equals(labels(current).get(ContainerSpec.DIGEST_LABEL))) {
        if (!running(current)) {
          call(() -> client().startContainerCmd(current.getId()).exec());
        }
        return new RunEtcdResult(current.getId(), false, "");
      }
      if (!isTrue(request.replace())) {
        throw ActivityFailures.precondition(
            "a different container `"
                + name
                + "` exists; set replace: true to rename it aside, or pick another name");
      }
      if (running(current)) {
        throw ActivityFailures.precondition(
            "container `" + name + "` still runs; stop it first (docker.stop)");
      }
      // Renamed, never removed: it holds the old member's spec and onFailure may want it back.
      replaced = name + "-replaced-" + current.getId().substring(0, 12);
      String aside = replaced;
      call(() -> client().renameContainerCmd(current.getId()).withName(aside).exec());
    }

    Map<String, String> labels = new TreeMap<>(spec.labels());
    labels.put(ContainerSpec.DIGEST_LABEL, digest);
    String id = call(() -> create(name, spec, labels).exec()).getId();
    call(() -> client().startContainerCmd(id).exec());
    return new RunEtcdResult(id, true, replaced);
  }

  @Override
  public ExecResult exec(ExecRequest request, StepContext context) {
    String name = allowed.require(request.container());
    if (request.command() == null || request.command().isEmpty()) {
      throw ActivityFailures.badInput("command is required, as a list: [etcdctl, member, list]");
    }
    int max = request.maxOutput() == null ? DEFAULT_MAX_OUTPUT : request.maxOutput();
    String execId;
    try {
      execId =
          call(() ->
                  client()
                      .execCreateCmd(name)
                      .withCmd(request.command().toArray(String[]::new))
                      .withAttachStdout(true)
                      .withAttachStderr(true)
                      .exec())
              .getId();
    } catch (NotFoundException missing) {
      throw ActivityFailures.precondition("there is no container `" + name + "` to exec in");
    } catch (ConflictException stopped) {
      throw ActivityFailures.precondition(
          "container `" + name + "` is not running; start it first (docker.start)");
    }
    BoundedOutput output = new BoundedOutput(max);
    Heartbeats.during(
        "running " + String.join(" ", request.command()) + " in " + name,
        () -> client().execStartCmd(execId).exec(output).awaitCompletion());
    Long exit = client().inspectExecCmd(execId).exec().getExitCodeLong();
    return new ExecResult(exit == null ? -1 : exit.intValue(), output.text());
  }

  private CreateContainerCmd create(String name, ContainerSpec spec, Map<String, String> labels) {
    CreateContainerCmd create =
        client()
            .createContainerCmd(spec.image())
            .withName(name)
            .withCmd(spec.cmd())
            .withEnv(spec.env())
            .withLabels(labels)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withBinds(spec.hostBinds(paths).stream().map(Bind::parse).toList())
                    .withNetworkMode(spec.networkMode())
                    .withRestartPolicy(spec.dockerRestartPolicy()));
    if (!spec.entrypoint().isEmpty()) {
      create.withEntrypoint(spec.entrypoint());
    }
    if (!spec.user().isEmpty()) {
      create.withUser(spec.user());
    }
    if (!spec.workingDir().isEmpty()) {
      create.withWorkingDir(spec.workingDir());
    }
    return create;
  }

  private ContainerSpec baseSpec(RunEtcdRequest request) {
    if (request.spec() != null && !request.spec().isEmpty()) {
      try {
        return ContainerSpec.fromMap(request.spec());
      } catch (IllegalArgumentException e) {
        throw ActivityFailures.badInput(
            "spec is not a container spec from docker.inspect: " + e.getMessage());
      }
    }
    String from = allowed.require(orDefault(request.from(), "etcd"));
    return find(from)
        .map(c -> ContainerSpec.of(c, paths))
        .orElseThrow(
            () ->
                ActivityFailures.precondition(
                    "there is no container `"
                        + from
                        + "` on this node to copy; pass `spec` from docker.inspect on another"));
  }

  private void refuseForceNewClusterOnLearnerData(ContainerSpec spec) {
    EtcdFlags flags = spec.etcdFlags();
    boolean force = flags.get("force-new-cluster").map(v -> !v.equals("false")).orElse(false);
    if (!force) {
      return;
    }
    Optional<Path> dataDir = flags.get("data-dir").flatMap(d -> spec.hostPathOf(d, paths));
    String peerUrl = flags.get("initial-advertise-peer-urls").map(u -> u.split(",")[0]).orElse("");
    try {
      if (dataDir.isPresent() && LearnerData.isLearner(dataDir.get(), peerUrl)) {
        throw ActivityFailures.precondition(
            "refusing --force-new-cluster: "
                + paths.toNode(dataDir.get())
                + " holds a learner's data and etcd would panic (\"removed all voters\");"
                + " restore it as a new cluster with etcd.restoreSingleNode instead");
      }
    } catch (IOException e) {
      throw ActivityFailures.retryable("cannot read the data dir: " + e.getMessage());
    }
  }

  private ContainerState state(String name, boolean changed) {
    return find(name)
        .map(c -> new ContainerState(true, running(c), changed, c.getConfig().getImage()))
        .orElseGet(() -> new ContainerState(false, false, changed, ""));
  }

  private Optional<InspectContainerResponse> find(String name) {
    try {
      return Optional.of(call(() -> client().inspectContainerCmd(name).exec()));
    } catch (NotFoundException missing) {
      return Optional.empty();
    }
  }

  private static boolean running(InspectContainerResponse c) {
    return c.getState() != null && Boolean.TRUE.equals(c.getState().getRunning());
  }

  private static Map<String, String> labels(InspectContainerResponse c) {
    Map<String, String> labels = c.getConfig().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private DockerClient client() {
    return engine.client();
  }

  /**
   * Runs a Docker call; the engine being unreachable is transient (a rebooting node), anything else
   * docker-java throws is passed on for the caller to classify.
   */
  private <T> T call(java.util.function.Supplier<T> dockerCall) {
    try {
      return dockerCall.get();
    } catch (NotFoundException | NotModifiedException | ConflictException known) {
      throw known;
    } catch (DockerException e) {
      throw ActivityFailures.retryable(
          "the Docker engine at "
              + engine.host()
              + " answered: "
              + OneLine.of(e.getMessage(), 300));
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw ActivityFailures.retryable(
            "cannot reach the Docker engine at "
                + engine.host()
                + ": "
                + OneLine.of(io.getMessage(), 300));
      }
      throw e;
    }
  }

  private void call(Runnable dockerCall) {
    call(
        () -> {
          dockerCall.run();
          return null;
        });
  }
}
