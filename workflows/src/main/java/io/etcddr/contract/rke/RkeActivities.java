package io.etcddr.contract.rke;

import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** RKE on the deploy node: its cluster.yml and `rke up`. */
@ActivityInterface
public interface RkeActivities {

  record ExternalEtcdRequest(
      String cluster,
      List<String> externalUrls,
      List<String> removeNodes,
      String caCert,
      String cert,
      String key,
      String path) {}

  /**
   * @param config the rewritten cluster.yml's path (never its content: it holds a key)
   */
  record ExternalEtcd(String config, String backup, boolean changed) {}

  record UpRequest(String cluster, List<String> extraArgs) {}

  record CheckRequest(String cluster) {}

  /**
   * @param rke the executable `rke up` would run, resolved; empty when there is none
   */
  record Readiness(String rke, String config, boolean configExists, boolean stateExists) {}

  record UpResult(int exitCode) {}

  /**
   * Points cluster.yml at an external etcd, as the way out did: `services.etcd` gets
   * `external_urls`, `path` and the PEM contents of `ca_cert`, `cert` and `key` (read from files on
   * this node, so the key never travels); the dead nodes are dropped and no node keeps the etcd
   * role. Everything else is kept. A backup is made once per step; a file that already says this is
   * left alone ({@code changed=false}).
   */
  @ActivityMethod(name = "rke.externalEtcd")
  ExternalEtcd externalEtcd(ExternalEtcdRequest request, StepContext context);

  /**
   * Runs the real `rke up --config FILE` in the config's folder, streaming its output into
   * heartbeats and the agent's log. RKE's known fatal errors become non-retryable failures that say
   * what to do; any other failure is retried (rke up reconciles, so a second run is safe).
   */
  @ActivityMethod(name = "rke.up")
  UpResult up(UpRequest request, StepContext context);

  /**
   * Whether `rke up` could run here now: the rke executable (a path, or found on PATH), cluster.yml
   * and, beside it, cluster.rkestate (without it RKE would build a new cluster). Changes nothing.
   */
  @ActivityMethod(name = "rke.check")
  Readiness check(CheckRequest request, StepContext context);
}
