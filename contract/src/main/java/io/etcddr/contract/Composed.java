package io.etcddr.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A step the interpreter runs as activities of its own ({@code parts}, combined as {@code kind}
 * says) instead of one activity: declared on a method of {@link CompositeSteps}, whose request and
 * response records are the step's `with:` and outputs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Composed {

  /** The name a runbook writes after `uses:`. */
  String name();

  CompositeKind kind();

  /** The activities it runs, in the order the kind names them. */
  String[] parts();
}
