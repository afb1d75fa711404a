package io.etcddr.contract.cluster;

/**
 * An operator's release of a node held by etcd-dr (a boot hold or its own fence): who let it serve
 * again, when, and what was released — kept in the record, as on the node.
 *
 * @param by the person, as the node's login names them
 * @param what one line: what was put back
 * @param at epoch milliseconds, the node's clock
 */
public record Release(String node, String by, String what, long at) {}
