package io.etcddr.cli;

import io.etcddr.lab.LabLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The lab on this machine, found without flags: in $ETCD_DR_LAB, else in the folder `lab up` uses
 * by default. A lab knows the inventory it wrote and the Temporal its agents poll, so that every
 * command beside it reaches the same cluster and the same Temporal as `etcd-dr dev --lab` did.
 */
final class RunningLab {

  static final String DEFAULT_DIR = "/tmp/etcd-dr-lab";

  private RunningLab() {}

  static Path dir() {
    String given = System.getenv("ETCD_DR_LAB");
    return Path.of(given == null || given.isBlank() ? DEFAULT_DIR : given);
  }

  /** The Temporal address the lab was brought up with, as seen from this machine. */
  static Optional<String> temporalAddress() {
    Path file = new LabLayout(dir()).temporalAddressFile();
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file).strip()).filter(a -> !a.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inventory the lab wrote, when there is a lab. */
  static Optional<Path> clusters() {
    Path clusters = new LabLayout(dir()).clusters();
    return Files.isDirectory(clusters) ? Optional.of(clusters) : Optional.empty();
  }
}
