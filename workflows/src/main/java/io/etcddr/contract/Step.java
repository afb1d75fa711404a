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
}
