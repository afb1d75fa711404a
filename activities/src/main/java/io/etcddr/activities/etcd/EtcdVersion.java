package io.etcddr.activities.etcd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The etcd versions etcd-dr is tested with, named the same way everywhere (tests, lab, CLI): 3.4 is
 * Debian bookworm's system etcd in /usr/bin; the 3.5 releases are Debian trixie's and sid's
 * packages, unpacked by bin/setup into a cache folder beside the system's 3.4.
 */
public enum EtcdVersion {
  V3_4("3.4", "3.4.23"),
  V3_5_16("3.5.16", "3.5.16"),
  V3_5_30("3.5.30", "3.5.30");

  /** The folder bin/setup unpacks the 3.5 packages into; {@code ETCD_DR_ETCD_CACHE} moves it. */
  public static final Path DEFAULT_CACHE = Path.of("/var/cache/etcd-dr/etcd");

  private final String label;
  private final String release;

  EtcdVersion(String label, String release) {
    this.label = label;
    this.release = release;
  }

  /** How people write it: 3.4, 3.5.16, 3.5.30. */
  public String label() {
    return label;
  }

  /** The exact release of the binaries. */
  public String release() {
    return release;
  }

  /** Whether etcdutl (snapshot restore with --bump-revision and --mark-compacted) exists. */
  public boolean hasEtcdutl() {
    return this != V3_4;
  }

  /** The folder holding etcd, etcdctl and (from 3.5) etcdutl. */
  public Path bin() {
    if (this == V3_4) {
      return Path.of("/usr/bin");
    }
    String cache = System.getenv("ETCD_DR_ETCD_CACHE");
    return (cache == null || cache.isBlank() ? DEFAULT_CACHE : Path.of(cache))
        .resolve(release)
        .resolve("usr/bin");
  }

  public Path etcd() {
    return bin().resolve("etcd");
  }

  public Path etcdctl() {
    return bin().resolve("etcdctl");
  }

  public Path etcdutl() {
    return bin().resolve("etcdutl");
  }

  public boolean installed() {
    return Files.isExecutable(etcd()) && Files.isExecutable(etcdctl());
  }

  /** {@code 3.4}, {@code 3.5} (the newest 3.5), {@code 3.5.16} or {@code 3.5.30}. */
  public static Optional<EtcdVersion> parse(String text) {
    if ("3.5".equals(text)) {
      return Optional.of(V3_5_30);
    }
    return Arrays.stream(values()).filter(v -> v.label.equals(text)).findFirst();
  }

  /** The names {@link #parse} accepts, for error messages. */
  public static String known() {
    return "3.4, 3.5 (= 3.5.30), 3.5.16, 3.5.30";
  }

  @Override
  public String toString() {
    return "etcd " + label;
  }
}
