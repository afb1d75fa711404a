package io.etcddr.engine;

/** Why a run is being aborted, and by whom; recorded in the run's status and history. */
public record AbortRequest(String reason, String by) {}
