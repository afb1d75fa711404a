package io.etcddr.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An activity a runbook may name after `uses:` (its name is the activity method's), where it runs
 * and what it does, in one line for the catalog. Its request and response records carry the fields
 * ({@link Key}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Step {

  /** What the step does, for the catalog and editors. */
  String value();

  Placement placement();

  /**
   * For a step that only reads: what it would do, in a dry run's words ("read the cluster's
   * status"). A dry run then runs the step itself, on activities that record nothing, so its
   * outputs are known to the steps after it. Empty for a step that changes something: its
   * implementation's preflight says what it would change.
   */
  String reads() default "";
}
