package io.etcddr.activities.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An agent killed with SIGKILL takes its child process with it (`rke up`, the WAL replay's etcd): a
 * JVM starts `sleep` as the agent does and waits for it, and is killed. Without the wrapping the
 * child runs on, an orphan — what a retry of the step on the restarted agent would run beside.
 */
class ChildProcessesIT {

  @Test
  void aChildStartedThroughItDiesWithTheProcessThatStartedIt() throws Exception {
    ProcessHandle child = childOfKilledParent(true);
    assertThat(child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).get().isAlive())
        .as("the child after its parent was killed")
        .isFalse();
  }

  @Test
  void aChildStartedPlainlyOutlivesItsKilledParent() throws Exception {
    ProcessHandle child = childOfKilledParent(false);
    try {
      Thread.sleep(1_000);
      assertThat(child.isAlive()).as("an orphan").isTrue();
    } finally {
      child.destroyForcibly();
    }
  }

  /** Starts a parent JVM that starts `sleep 300`, SIGKILLs the parent; the child. */
  private static ProcessHandle childOfKilledParent(boolean diesWithParent) throws Exception {
    Process parent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Parent.class.getName(),
                Boolean.toString(diesWithParent))
            .redirectErrorStream(true)
            .start();
    long pid;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      pid = Long.parseLong(out.readLine().strip());
    }
    Optional<ProcessHandle> child = ProcessHandle.of(pid);
    assertThat(child).as("the child runs").isPresent();
    parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    return child.get();
  }

  /** The agent's part: starts the child, prints its pid, waits for it as an activity does. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      List<String> sleep = List.of("sleep", "300");
      Process child =
          new ProcessBuilder(
                  Boolean.parseBoolean(args[0]) ? ChildProcesses.diesWithAgent(sleep) : sleep)
              .start();
      System.out.println(child.pid());
      System.out.flush();
      child.waitFor();
    }
  }
}
