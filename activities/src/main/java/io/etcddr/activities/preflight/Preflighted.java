package io.etcddr.activities.preflight;

/**
 * An activity implementation that answers a dry run: it names a read-only preflight for every
 * activity kind it implements. A process will not start with an activity that has none.
 */
public interface Preflighted {

  PreflightTable preflights();
}
