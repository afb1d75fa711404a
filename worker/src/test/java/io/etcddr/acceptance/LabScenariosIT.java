package io.etcddr.acceptance;

import io.etcddr.lab.OnTheLab;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The lab's scenarios ({@link OnTheLab}) as one test class, so that one failsafe JVM runs them one
 * after another — every lab takes the same addresses — while the other JVM runs every other IT. Its
 * name sorts first (worker/pom.xml runs classes in name order), so the longest part of the suite
 * starts at once. The tiers' tag filter (`long`) still applies to the classes it selects.
 */
@Suite
@SelectPackages("io.etcddr.lab")
@IncludeClassNamePatterns(".*IT")
@IncludeTags(OnTheLab.TAG)
class LabScenariosIT {}
