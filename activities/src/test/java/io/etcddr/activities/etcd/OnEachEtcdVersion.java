package io.etcddr.activities.etcd;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a test class once per etcd version RKE clusters run: Debian bookworm's 3.4 (the original
 * cluster's voters) and 3.5.30 (current RKE), the version in each test's display name. The class
 * starts its cluster for each version in a {@code @BeforeParameterizedClassInvocation} method that
 * takes the {@link EtcdVersion}, and closes it in an {@code @AfterParameterizedClassInvocation}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{displayName} on {0}")
@EnumSource(
    value = EtcdVersion.class,
    names = {"V3_4", "V3_5_30"})
public @interface OnEachEtcdVersion {}
