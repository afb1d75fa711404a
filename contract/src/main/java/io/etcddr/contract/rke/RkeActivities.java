package io.etcddr.contract.rke;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** RKE on the deploy node: its cluster.yml and `rke up`. */
@ActivityInterface
public interface RkeActivities {

  record ExternalEtcdRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key("client URLs of the new etcd") List<String> externalUrls,
      @Key(value = "nodes to drop from the nodes list", optional = true) List<String> removeNodes,
      @Key(value = "CA file (default kube-ca.pem)", optional = true) String caCert,
      @Key(value = "client certificate file", optional = true) String cert,
      @Key(value = "client key file (its path only)", optional = true) String key,
      @Key(value = "etcd key prefix (default /registry)", optional = true) String path) {}

  record ExternalEtcd(
      @Key("the rewritten cluster.yml's path (never its content: it holds a key)") String config,
      @Key("the original, kept") String backup,
      @Key("false when it already said this") boolean changed) {}

  record UpRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster,
      @Key(value = "more rke arguments", optional = true) List<String> extraArgs) {}

  record CheckRequest(
      @Key("cluster name; endpoints and TLS come from the inventory") String cluster) {}

  record Readiness(
      @Key("the executable `rke up` would run, resolved; empty when there is none") String rke,
      @Key("cluster.yml's path on the node") String config,
      @Key("cluster.yml is there") boolean configExists,
      @Key("cluster.rkestate is beside it") boolean stateExists) {}

  record UpResult(@Key("rke's exit code") int exitCode) {}

  /**
   * Points cluster.yml at an external etcd, as the way out did: `services.etcd` gets
   * `external_urls`, `path` and the PEM contents of `ca_cert`, `cert` and `key` (read from files on
   * this node, so the key never travels); the dead nodes are dropped and no node keeps the etcd
   * role. Everything else is kept. A backup is made once per step; a file that already says this is
   * left alone ({@code changed=false}).
   */
  @Step(
      value = "Rewrites cluster.yml to use an external etcd; backup first; idempotent.",
      placement = Placement.DEPLOY_NODE)
  @ActivityMethod(name = "rke.externalEtcd")
  ExternalEtcd externalEtcd(ExternalEtcdRequest request, StepContext context);

  /**
   * Runs the real `rke up --config FILE` in the config's folder, streaming its output into
   * heartbeats and the agent's log. RKE's known fatal errors become non-retryable failures that say
   * what to do; any other failure is retried (rke up reconciles, so a second run is safe).
   */
  @Step(
      value = "Runs `rke up --config FILE`; known fatal errors become clear failures.",
      placement = Placement.DEPLOY_NODE)
  @ActivityMethod(name = "rke.up")
  UpResult up(UpRequest request, StepContext context);

  /**
   * Whether `rke up` could run here now: the rke executable (a path, or found on PATH), cluster.yml
   * and, beside it, cluster.rkestate (without it RKE would build a new cluster). Changes nothing.
   */
  @Step(
      value =
          "Whether `rke up` could run now: the rke executable, cluster.yml and"
              + " cluster.rkestate beside it. Changes nothing.",
      placement = Placement.DEPLOY_NODE,
      reads = "look for rke and cluster.yml")
  @ActivityMethod(name = "rke.check")
  Readiness check(CheckRequest request, StepContext context);
}
