package io.etcddr.engine;

import java.util.Map;

/**
 * What a successful run returns, as the Web UI and `GET /v1/runs/{id}` show it: the runbook's
 * declared `outputs` evaluated at the end, and every main step's outputs by step id.
 */
public record RunResult(String runbook, Map<String, Object> outputs, Map<String, Object> steps) {}
