package io.etcddr.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The lab's processes, mounts and cgroups, found by what they are (a command line naming the lab
 * folder, a PID in a file), never by program name: a second lab, the tests and the host's own
 * Docker are never touched.
 */
final class HostProcesses {

  private HostProcesses() {}

  /** Processes whose command line mentions {@code marker}, and all their descendants. */
  static List<ProcessHandle> treesMentioning(String marker) {
    Set<ProcessHandle> found = new LinkedHashSet<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> commandLine(p).contains(marker))
        .forEach(
            p -> {
              found.add(p);
              p.descendants().forEach(found::add);
            });
    return new ArrayList<>(found);
  }

  /**
   * SIGKILL at once, as a power cut would; waits until they are gone (a process in the middle of an
   * fsync on a busy disk may take seconds to go).
   */
  static void killHard(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : processes) {
      exited(p, 60); // still there: a zombie whose parent is gone, reaped by init in its time
    }
  }

  /** SIGTERM, then SIGKILL after {@code grace}. */
  static void stop(ProcessHandle process, long graceSeconds) {
    process.destroy();
    if (!exited(process, graceSeconds)) {
      process.destroyForcibly();
      exited(process, 10);
    }
  }

  /** Whether the process ended and was reaped within {@code seconds}. */
  private static boolean exited(ProcessHandle process, long seconds) {
    try {
      process.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (Exception notYet) {
      return false;
    }
  }

  /** The live process whose PID a file holds, if its command line still mentions {@code marker}. */
  static java.util.Optional<ProcessHandle> fromPidFile(Path pidFile, String marker) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> commandLine(p).contains(marker));
    } catch (IOException | NumberFormatException missing) {
      return java.util.Optional.empty();
    }
  }

  /**
   * The whole command line from /proc (ProcessHandle.Info may leave it out, e.g. for a JVM with a
   * long class path), or "" once the process is gone.
   */
  static String commandLine(ProcessHandle process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException gone) {
      return "";
    }
  }

  /** Unmounts everything mounted under {@code dir} (Docker leaves nsfs mounts in its exec root). */
  static void unmountUnder(Path dir) throws IOException, InterruptedException {
    String prefix = dir.toAbsolutePath().normalize().toString() + "/";
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String mountPoint = line.split(" ")[4];
      if (mountPoint.startsWith(prefix)) {
        mounts.add(mountPoint);
      }
    }
    mounts.sort(Comparator.reverseOrder());
    for (String mountPoint : mounts) {
      new ProcessBuilder("umount", "-l", mountPoint).inheritIO().start().waitFor();
    }
  }

  /** Removes the empty cgroups a killed daemon's containers leave under {@code parent}. */
  static void removeCgroups(String parent) {
    try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path controller : controllers.toList()) {
        Path group = controller.resolve(parent.replaceFirst("^/", ""));
        if (Files.isDirectory(group)) {
          try (Stream<Path> tree = Files.walk(group)) {
            tree.filter(Files::isDirectory)
                .sorted(Comparator.reverseOrder())
                .forEach(d -> d.toFile().delete());
          }
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // cgroups are best effort: an empty leftover group holds nothing.
    }
  }
}
