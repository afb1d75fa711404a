package io.etcddr.runbook.model;

import io.etcddr.runbook.diagnostics.SourceSpan;

/** A value read from a runbook, with where it was written. */
public record Located<T>(T value, SourceSpan span) {}
