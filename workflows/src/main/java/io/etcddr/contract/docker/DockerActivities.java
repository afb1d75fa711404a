package io.etcddr.contract.docker;

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

  record Target(String container) {}

  record StopRequest(String container, String graceful) {}

  record RemoveRequest(String container, Boolean force) {}

  record Inspected(boolean exists, boolean running, String image, Map<String, Object> spec) {}

  record ContainerState(boolean exists, boolean running, boolean changed, String image) {}

  record Removed(boolean removed) {}

  record RunEtcdRequest(
      String from,
      Map<String, Object> spec,
      String name,
      Map<String, Object> args,
      List<String> removeArgs,
      List<String> binds,
      Boolean replace,
      String image) {}

  record RunEtcdResult(String containerId, boolean created, String replaced) {}

  record ExecRequest(String container, List<String> command, Integer maxOutput) {}

  record ExecResult(int exitCode, String output) {}

  /** The container's state and its spec, with bind sources as node paths. */
  @ActivityMethod(name = "docker.inspect")
  Inspected inspect(Target request, StepContext context);

  /**
   * SIGTERM, then SIGKILL after {@code graceful} (10s). A stopped or missing container is success,
   * with {@code changed=false}.
   */
  @ActivityMethod(name = "docker.stop")
  ContainerState stop(StopRequest request, StepContext context);

  /**
   * Starts a stopped container; a running one is success. A missing one fails: nothing to start.
   */
  @ActivityMethod(name = "docker.start")
  ContainerState start(Target request, StepContext context);

  /** Removes a container; refuses a running one unless {@code force}. A missing one is success. */
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
  @ActivityMethod(name = "docker.runEtcd")
  RunEtcdResult runEtcd(RunEtcdRequest request, StepContext context);

  /** Runs a command in a running container; output (stdout and stderr) keeps its last bytes. */
  @ActivityMethod(name = "docker.exec")
  ExecResult exec(ExecRequest request, StepContext context);
}
