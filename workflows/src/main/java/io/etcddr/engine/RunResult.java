package io.etcddr.engine;

import java.util.Map;

/** What a successful run returns: the outputs of its steps by step id. */
public record RunResult(String runbook, Map<String, Object> outputs) {}
