package io.etcddr.activities.docker;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot container from an image, as RKE runs `etcdctl snapshot restore` inside the etcd image
 * on a node: run to completion, output kept bounded, removed afterwards. Its name is derived from
 * the work it does, so a retry after a crash removes the earlier attempt's container first.
 */
public final class OneShotContainer {

  public record Result(int exitCode, String output) {}

  private OneShotContainer() {}

  public static Result run(
      DockerEngine engine,
      String name,
      String image,
      List<String> command,
      List<String> env,
      List<String> hostBinds,
      Duration timeout) {
    var client = engine.client();
    remove(engine, name);
    String id =
        client
            .createContainerCmd(image)
            .withName(name)
            .withEntrypoint(command.get(0))
            .withCmd(command.subList(1, command.size()))
            .withEnv(env)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withBinds(hostBinds.stream().map(Bind::parse).toList())
                    .withNetworkMode("none"))
            .exec()
            .getId();
    try {
      client.startContainerCmd(id).exec();
      Integer exit =
          client
              .waitContainerCmd(id)
              .exec(new WaitContainerResultCallback())
              .awaitStatusCode(timeout.toSeconds(), TimeUnit.SECONDS);
      BoundedOutput output = new BoundedOutput(4096);
      client
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(output)
          .awaitCompletion(30, TimeUnit.SECONDS);
      return new Result(exit == null ? -1 : exit, output.text().strip());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + name + " ran", e);
    } finally {
      remove(engine, name);
    }
  }

  /** Removes the container of that name, running or not; a missing one is fine. */
  public static void remove(DockerEngine engine, String name) {
    try {
      engine.client().removeContainerCmd(name).withForce(true).exec();
    } catch (NotFoundException absent) {
      // nothing left from an earlier attempt
    }
  }
}
