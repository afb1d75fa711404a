package io.etcddr.contract.cluster;

import java.time.Duration;

/**
 * When a node's agent last reached the witness (Temporal), with how long it waits without any
 * contact before it fences itself: a failover restores nothing before {@code at + fenceAfterMillis}
 * (plus a margin), so a node cut off rather than dead has stopped serving by then.
 *
 * <p>An agent counts the witness as reached only when the record took its report, and as of the
 * moment it sent it; the record stamps the report when it applies it, later still. So the record's
 * {@code at} is never earlier than a contact the agent counted — except for a report still on its
 * way, which is why a failover's margin includes {@link #REPORT_EVERY}.
 *
 * @param at when its report reached the record, epoch milliseconds (the record's clock)
 * @param fenceAfterMillis the agent's T_fence
 */
public record AgentSeen(String node, long fenceAfterMillis, long at) {

  /** How often an agent that reaches the witness reports it. */
  public static final Duration REPORT_EVERY = Duration.ofSeconds(5);
}
