package io.etcddr.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A lab scenario that runs only in the full suite ({@code bin/test-full}), not in {@code bin/test}
 * (CI, at most 15 minutes on two cores). Each holds minutes of outage or a lab of its own; the
 * quick suite keeps one failover end to end and the partition's safety ({@link
 * FailoverToLearnerIT}, {@link PartitionIT}). The README's Tests section lists both tiers and their
 * times.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(LongScenario.TAG)
public @interface LongScenario {
  /** The JUnit tag; worker/pom.xml leaves it out unless {@code -Dit.excludedGroups=} clears it. */
  String TAG = "long";
}
