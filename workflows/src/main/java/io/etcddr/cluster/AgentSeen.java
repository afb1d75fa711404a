package io.etcddr.cluster;

/**
 * When a node's agent last reached the witness (Temporal), with how long it waits without any
 * contact before it fences itself: a failover restores nothing before {@code at + fenceAfterMillis}
 * (plus a margin), so a node cut off rather than dead has stopped serving by then.
 *
 * @param at when its report reached the record, epoch milliseconds (the record's clock)
 * @param fenceAfterMillis the agent's T_fence
 */
public record AgentSeen(String node, long fenceAfterMillis, long at) {}
