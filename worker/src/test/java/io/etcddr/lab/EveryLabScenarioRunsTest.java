package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * worker/pom.xml runs the lab's scenarios one after another by their {@link OnTheLab} tag, and
 * every other IT two at a time: a lab IT without the tag would run beside another IT and fight it
 * for the lab's addresses and two cores.
 */
class EveryLabScenarioRunsTest {

  @Test
  void everyItInTheLabPackageIsTaggedOnTheLab() throws Exception {
    Path folder = Path.of("src/test/java/io/etcddr/lab");
    List<String> its;
    try (Stream<Path> files = Files.list(folder)) {
      its =
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.endsWith("IT.java"))
              .map(name -> name.substring(0, name.length() - ".java".length()))
              .sorted()
              .toList();
    }

    assertThat(its).contains("FailoverToLearnerIT", "PartitionIT");
    for (String it : its) {
      Class<?> scenario = Class.forName("io.etcddr.lab." + it);
      assertThat(scenario.isAnnotationPresent(OnTheLab.class))
          .as(it + " is in io.etcddr.lab but not @OnTheLab: it would run beside other ITs")
          .isTrue();
    }
  }
}
