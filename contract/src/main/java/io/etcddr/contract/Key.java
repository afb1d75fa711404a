package io.etcddr.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One component of a step's request record (a `with:` key) or response record (an output): what it
 * means to a runbook author, whether a runbook may leave it out, and its runbook type when the Java
 * type does not say it. The activity catalog, the validator's types and the JSON Schema are read
 * from these; nothing else declares a step's fields.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {

  /** What the value means, as the catalog and editors show it. */
  String value();

  /** A `with:` key a runbook may leave out (the activity then uses its default). */
  boolean optional() default false;

  /** What a string (or a list of strings) holds, when the runbook language types it closer. */
  As as() default As.DECLARED;

  /** Runbook types carried by Java strings. */
  enum As {
    /** The Java type says it all. */
    DECLARED,
    /** A node of the cluster inventory (a list of them, on a list). */
    NODE,
    /** Go-style duration text such as {@code 30s}. */
    DURATION
  }
}
