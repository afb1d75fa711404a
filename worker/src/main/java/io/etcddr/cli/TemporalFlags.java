package io.etcddr.cli;

import io.etcddr.connect.TemporalOptions;
import picocli.CommandLine.Option;

/**
 * `--address`, `--namespace`, `--tls-*`, `--ui`: how to reach Temporal, with the Temporal CLI's
 * environment variables as defaults, so one environment serves both tools.
 */
public final class TemporalFlags {

  static final String DEFAULT_ADDRESS = "127.0.0.1:7233";

  @Option(
      names = "--address",
      defaultValue = "${env:TEMPORAL_ADDRESS}",
      description =
          "Temporal frontend host:port (env TEMPORAL_ADDRESS; default: the running lab's, else"
              + " 127.0.0.1:7233)")
  String address;

  /** As given, else the Temporal of the lab on this machine, else the dev server's address. */
  public String address() {
    return address != null ? address : RunningLab.temporalAddress().orElse(DEFAULT_ADDRESS);
  }

  @Option(
      names = "--namespace",
      defaultValue = "${env:TEMPORAL_NAMESPACE:-default}",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE; default ${DEFAULT-VALUE})")
  public String namespace;

  @Option(
      names = "--tls-cert",
      defaultValue = "${env:TEMPORAL_TLS_CERT}",
      description = "client certificate for mTLS (env TEMPORAL_TLS_CERT)")
  public String tlsCert;

  @Option(
      names = "--tls-key",
      defaultValue = "${env:TEMPORAL_TLS_KEY}",
      description = "client key for mTLS, PEM: PKCS#1, SEC1 or PKCS#8 (env TEMPORAL_TLS_KEY)")
  public String tlsKey;

  @Option(
      names = "--tls-ca",
      defaultValue = "${env:TEMPORAL_TLS_CA}",
      description = "CA that signed the server's certificate (env TEMPORAL_TLS_CA)")
  public String tlsCa;

  @Option(
      names = "--tls-server-name",
      defaultValue = "${env:TEMPORAL_TLS_SERVER_NAME}",
      description = "server name to verify (env TEMPORAL_TLS_SERVER_NAME)")
  public String tlsServerName;

  @Option(
      names = "--ui",
      defaultValue = "${env:ETCD_DR_TEMPORAL_UI}",
      description = "Temporal Web UI base URL, to print links to runs (env ETCD_DR_TEMPORAL_UI)")
  public String uiUrl;

  @Option(
      names = "--payload-keyset",
      defaultValue = "${env:ETCD_DR_PAYLOAD_KEYSET}",
      description =
          "encrypt every Temporal payload with this Tink keyset (etcd-dr payload-key create); the"
              + " same file for worker, agents, CLI and API (env ETCD_DR_PAYLOAD_KEYSET)")
  public String payloadKeyset;

  public TemporalOptions options() {
    return new TemporalOptions(
        address(), namespace, tlsCert, tlsKey, tlsCa, tlsServerName, uiUrl, payloadKeyset);
  }
}
