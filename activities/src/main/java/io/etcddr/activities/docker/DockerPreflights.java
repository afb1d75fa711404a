package io.etcddr.activities.docker;

import io.etcddr.activities.preflight.PreflightTable;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.docker.DockerActivities.ExecRequest;
import io.etcddr.contract.docker.DockerActivities.Inspected;
import io.etcddr.contract.docker.DockerActivities.RemoveRequest;
import io.etcddr.contract.docker.DockerActivities.RunEtcdRequest;
import io.etcddr.contract.docker.DockerActivities.StopRequest;
import io.etcddr.contract.docker.DockerActivities.Target;

/** What the container steps would do, from each container's state on this node's engine. */
final class DockerPreflights {

  private final DockerActivitiesImpl docker;

  DockerPreflights(DockerActivitiesImpl docker) {
    this.docker = docker;
  }

  PreflightTable table() {
    return new PreflightTable()
        .readsDeclaredBy(docker)
        .add(
            "docker.stop",
            StopRequest.class,
            (r, asked, c) -> {
              Inspected now = docker.inspect(new Target(r.container()), c);
              if (!now.running()) {
                return Preflight.ready(
                    "nothing: `"
                        + r.container()
                        + "` "
                        + (now.exists() ? "is already stopped" : "does not exist"));
              }
              return Preflight.ready("stop `" + r.container() + "` (running " + now.image() + ")");
            })
        .add(
            "docker.start",
            Target.class,
            (r, asked, c) -> {
              Inspected now = docker.inspect(r, c);
              if (!now.exists()) {
                return Preflight.atRunTime(
                    "start `" + r.container() + "`",
                    "there is no `" + r.container() + "` now: an earlier step must make it");
              }
              return Preflight.ready(
                  now.running()
                      ? "nothing: `" + r.container() + "` runs"
                      : "start `" + r.container() + "` (stopped)");
            })
        .add(
            "docker.remove",
            RemoveRequest.class,
            (r, asked, c) -> {
              Inspected now = docker.inspect(new Target(r.container()), c);
              if (!now.exists()) {
                return Preflight.ready("nothing: `" + r.container() + "` does not exist");
              }
              String would = "remove `" + r.container() + "`";
              return now.running() && !Boolean.TRUE.equals(r.force())
                  ? Preflight.atRunTime(would, "it runs now: an earlier step must stop it")
                  : Preflight.ready(would);
            })
        .add(
            "docker.runEtcd",
            RunEtcdRequest.class,
            (r, asked, c) -> docker.runEtcdPreflight(r, asked))
        .add(
            "docker.exec",
            ExecRequest.class,
            (r, asked, c) -> {
              String would = "run " + r.command() + " in `" + r.container() + "`";
              return docker.inspect(new Target(r.container()), c).running()
                  ? Preflight.ready(would)
                  : Preflight.atRunTime(would, "`" + r.container() + "` does not run now");
            });
  }
}
