package io.etcddr.contract.docker;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * The containers RKE runs on a node (`etcd`, `kube-apiserver`), driven through the node's own
 * Docker engine. Every method is idempotent: Temporal runs activities at least once.
 */
@ActivityInterface
public interface DockerActivities {

  record Target(@Key("container name") String container) {}

  record StopRequest(
      @Key("container name") String container,
      @Key(value = "time to exit before SIGKILL (10s)", optional = true, as = Key.As.DURATION)
          String graceful) {}

  record RemoveRequest(
      @Key("container name") String container,
      @Key(value = "remove even when running", optional = true) Boolean force) {}

  record Inspected(
      @Key("the container exists") boolean exists,
      @Key("it runs now") boolean running,
      @Key("its image") String image,
      @Key("image, command, env, binds, network, restart policy") Map<String, Object> spec) {}

  record ContainerState(
      @Key("the container exists") boolean exists,
      @Key("it runs now") boolean running,
      @Key("this call changed its state") boolean changed,
      @Key("its image") String image) {}

  record Removed(@Key("false when it did not exist") boolean removed) {}

  record RunEtcdRequest(
      @Key(value = "container on this node to copy (default etcd)", optional = true) String from,
      @Key(value = "a spec from docker.inspect on another node, instead", optional = true)
          Map<String, Object> spec,
      @Key(value = "new container's name (default etcd)", optional = true) String name,
      @Key(value = "etcd flags to set, e.g. {data-dir: /var/lib/etcd-new}", optional = true)
          Map<String, Object> args,
      @Key(value = "etcd flags to drop", optional = true) List<String> removeArgs,
      @Key(value = "extra bind mounts host:container", optional = true) List<String> binds,
      @Key(
              value = "rename a different, stopped container of that name aside (never deleted)",
              optional = true)
          Boolean replace,
      @Key(value = "run this image instead of the spec's (e.g. a newer etcd)", optional = true)
          String image) {}

  record RunEtcdResult(
      @Key("the running container") String containerId,
      @Key("false when an identical one was running") boolean created,
      @Key("the old container's new name, or empty") String replaced) {}

  record ExecRequest(
      @Key("container name") String container,
      @Key("argv") List<String> command,
      @Key(value = "bytes of output kept (default 65536)", optional = true) Integer maxOutput) {}

  record ExecResult(
      @Key("the command's exit code") int exitCode,
      @Key("stdout and stderr, bounded") String output) {}

  /** The container's state and its spec, with bind sources as node paths. */
  @Step(
      value = "Inspects a container; its spec can start a copy elsewhere (docker.runEtcd).",
      placement = Placement.NODE,
      reads = "inspect the container")
  @ActivityMethod(name = "docker.inspect")
  Inspected inspect(Target request, StepContext context);

  /**
   * SIGTERM, then SIGKILL after {@code graceful} (10s). A stopped or missing container is success,
   * with {@code changed=false}.
   */
  @Step(
      value = "Stops a container (SIGTERM, then SIGKILL after `graceful`); idempotent.",
      placement = Placement.NODE)
  @ActivityMethod(name = "docker.stop")
  ContainerState stop(StopRequest request, StepContext context);

  /**
   * Starts a stopped container; a running one is success. A missing one fails: nothing to start.
   */
  @Step(value = "Starts a container; idempotent.", placement = Placement.NODE)
  @ActivityMethod(name = "docker.start")
  ContainerState start(Target request, StepContext context);

  /** Removes a container; refuses a running one unless {@code force}. A missing one is success. */
  @Step(value = "Removes a container; idempotent.", placement = Placement.NODE)
  @ActivityMethod(name = "docker.remove")
  Removed remove(RemoveRequest request, StepContext context);

  /**
   * Runs an etcd container from the spec of an existing one ({@code from} on this node, or {@code
   * spec} read elsewhere), with etcd flags set or removed and binds added. A container with the
   * same spec already there is started if needed and returned ({@code created=false}). A different
   * one with the name is refused, or with {@code replace} renamed aside (never deleted) when
   * stopped. Refuses --force-new-cluster on a learner's data dir (etcd panics: "removed all
   * voters").
   */
  @Step(
      value =
          "Runs an etcd container from the spec of an existing one (as runlike would),"
              + " changed as the step says; idempotent.",
      placement = Placement.NODE)
  @ActivityMethod(name = "docker.runEtcd")
  RunEtcdResult runEtcd(RunEtcdRequest request, StepContext context);

  /** Runs a command in a running container; output (stdout and stderr) keeps its last bytes. */
  @Step(
      value = "Runs a one-shot command in a running container; output captured and bounded.",
      placement = Placement.NODE)
  @ActivityMethod(name = "docker.exec")
  ExecResult exec(ExecRequest request, StepContext context);
}
