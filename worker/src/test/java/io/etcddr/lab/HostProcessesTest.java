package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostProcessesTest {

  /**
   * A process that exited but whose parent does not reap it (here a `sleep` that sh became, as a
   * daemon's parent can be an init that reaps late) has ended: waiting for it returns at once.
   */
  @Test
  void aZombieHasExited() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 60").start();
    try {
      ProcessHandle child = awaitZombieChildOf(parent);
      assertThat(HostProcesses.awaitExit(child, 30)).isTrue();
    } finally {
      parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLiveProcessHasNotExitedWhenTheWaitIsOver() throws Exception {
    Process sleeping = new ProcessBuilder("sleep", "60").start();
    try {
      assertThat(HostProcesses.awaitExit(sleeping.toHandle(), 1)).isFalse();
    } finally {
      sleeping.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static ProcessHandle awaitZombieChildOf(Process parent) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      var zombie = parent.children().filter(HostProcessesTest::isZombie).findFirst();
      if (zombie.isPresent()) {
        return zombie.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("sh's child `sleep 0` never became a zombie");
  }

  private static boolean isZombie(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException gone) {
      return false;
    }
  }
}
