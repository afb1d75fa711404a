package io.etcddr.activities.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child processes that die with the agent. A step that runs `rke up` or replays a WAL with the
 * node's etcd must not leave that program running when the agent is killed: Temporal retries the
 * step on the restarted agent, and an orphan of the first attempt would then run beside the second
 * (two `rke up` on one cluster, or an etcd holding the data dir the retry must copy). systemd's
 * control group would end an orphan when the unit stops; a kill of the agent alone, or an agent
 * outside systemd, would not. {@code setpriv --pdeathsig KILL} (util-linux) asks the kernel to
 * SIGKILL the child the moment the thread that started it is gone.
 */
public final class ChildProcesses {

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private ChildProcesses() {}

  /**
   * The command, run so that it dies with this process. The calling thread must outlive the child
   * (wait for it), as the kernel ties the child to the thread that started it.
   */
  public static List<String> diesWithAgent(List<String> command) {
    if (!Files.isExecutable(SETPRIV)) {
      return command; // no util-linux (a minimal image): an orphan is then possible
    }
    List<String> wrapped =
        new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    wrapped.addAll(command);
    return wrapped;
  }
}
