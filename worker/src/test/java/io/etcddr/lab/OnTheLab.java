package io.etcddr.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A scenario on the lab. Every lab takes the same addresses (10.1xx, the nodes' names), so
 * worker/pom.xml runs these one after another in one JVM, then every other IT two at a time.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(OnTheLab.TAG)
public @interface OnTheLab {
  String TAG = "lab";
}
