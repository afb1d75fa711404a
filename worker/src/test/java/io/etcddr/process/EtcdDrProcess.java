package io.etcddr.process;

import io.etcddr.testing.Said;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real `etcd-dr` executable (the shaded jar) as a child process, killable like an operator's.
 */
public final class EtcdDrProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target", "etcd-dr.jar");

  private final Process process;

  private EtcdDrProcess(Process process) {
    this.process = process;
  }

  public static EtcdDrProcess start(Path log, String... args) throws IOException {
    return start(log, Map.of(), args);
  }

  /** Started with these variables added to its environment. */
  public static EtcdDrProcess start(Path log, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    return new EtcdDrProcess(
        builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start());
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Waits until its log (shared with other processes, so matched by {@code text}) says {@code
   * text}: a started process is not yet a serving one, and on a busy two-core machine a cold JVM
   * can take longer to serve than a CLI waits for it. Fails with the log's end when it exits first
   * or never says it.
   */
  public EtcdDrProcess awaitSaid(Path log, String text, Duration timeout) throws Exception {
    Said.await(
        "etcd-dr (pid " + process.pid() + ")", Said.file(log), text, timeout, process::isAlive);
    return this;
  }

  /** SIGKILL: no shutdown hook, no graceful stop — a crash or a power cut. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits for it to end by itself; its exit code. */
  public int exitCode(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("etcd-dr did not exit within " + seconds + " s");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
