package io.etcddr.lab;

import io.etcddr.activities.etcd.EtcdVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The lab's etcd versions: the voters' (site A) and the learner's (site B, where add-learner puts
 * it). 3.5.30 by default, as current RKE runs; {@code --etcd 3.4} reproduces the original cluster,
 * {@code --etcd 3.4 --learner-etcd 3.5} its 3.4 voters with a 3.5 learner.
 */
public record LabVersions(EtcdVersion voters, EtcdVersion learner) {

  public static final LabVersions DEFAULT =
      new LabVersions(EtcdVersion.V3_5_30, EtcdVersion.V3_5_30);

  /** From the options; the learner's defaults to the voters'. */
  public static LabVersions of(String voters, String learner) {
    EtcdVersion v = voters == null ? DEFAULT.voters() : parse(voters, "--etcd");
    return new LabVersions(v, learner == null ? v : parse(learner, "--learner-etcd"));
  }

  public boolean mixed() {
    return voters != learner;
  }

  /** What the lab at this layout was built with, if it was. */
  static Optional<LabVersions> remembered(LabLayout layout) throws IOException {
    Path file = layout.versionsFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String[] parts = Files.readString(file).strip().split(" ");
    return Optional.of(of(parts[0], parts.length > 1 ? parts[1] : null));
  }

  void remember(LabLayout layout) throws IOException {
    Files.writeString(layout.versionsFile(), voters.label() + " " + learner.label() + "\n");
  }

  private static EtcdVersion parse(String text, String option) {
    return EtcdVersion.parse(text)
        .orElseThrow(
            () ->
                new io.etcddr.config.BadSetting(
                    option
                        + " "
                        + text
                        + ": not a version etcd-dr knows; use one of "
                        + EtcdVersion.known()));
  }

  @Override
  public String toString() {
    return mixed() ? voters + " voters with an " + learner + " learner" : voters.toString();
  }
}
