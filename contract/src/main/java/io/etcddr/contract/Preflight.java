package io.etcddr.contract;

import java.util.Map;

/**
 * What a step's activity would do, found out on the node where it would run without changing
 * anything there: whether it could run now, and why not.
 *
 * @param would what the step would do, in the words of the node's current state ("stop
 *     kube-apiserver (running)", "nothing: etcd is already stopped")
 * @param why what makes it not ready, or what is decided only when the run gets there; empty when
 *     ready
 * @param outputs the outputs the step would give, when a read-only look could learn them (null
 *     otherwise): later steps' `if`, `on` and inputs are evaluated over them
 */
public record Preflight(
    Readiness readiness, String would, String why, Map<String, Object> outputs) {

  public enum Readiness {
    /** It would run now. */
    READY,
    /** It would fail or refuse now: the run would stop here. */
    NOT_READY,
    /** It depends on what earlier steps do: decided when the run gets there. */
    AT_RUN_TIME,
    /** Its `if` is false, or `on` names no node: it would not run. */
    SKIPPED
  }

  public static Preflight ready(String would) {
    return new Preflight(Readiness.READY, would, "", null);
  }

  /** Ready, and the outputs a read-only look already knows. */
  public static Preflight ready(String would, Map<String, Object> outputs) {
    return new Preflight(Readiness.READY, would, "", outputs);
  }

  public static Preflight notReady(String would, String why) {
    return new Preflight(Readiness.NOT_READY, would, why, null);
  }

  public static Preflight atRunTime(String would, String why) {
    return new Preflight(Readiness.AT_RUN_TIME, would, why, null);
  }

  public Preflight withWhy(String reason) {
    return new Preflight(readiness, would, reason, outputs);
  }
}
