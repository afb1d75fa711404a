package io.etcddr.cli;

import picocli.CommandLine;

/** The version printed by `etcd-dr --version`, from the jar's manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = EtcdDrCli.class.getPackage().getImplementationVersion();
    return new String[] {"etcd-dr " + (version == null ? "dev" : version)};
  }
}
