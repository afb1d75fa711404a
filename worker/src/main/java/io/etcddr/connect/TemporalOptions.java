package io.etcddr.connect;

/**
 * How to reach Temporal: frontend address, namespace, mTLS files (PEM; the key PKCS#1, SEC1 or
 * PKCS#8), the server name to verify, the Web UI's base URL for links to runs (optional), and the
 * payload keyset that encrypts every payload (optional; the same file for every process).
 */
public record TemporalOptions(
    String address,
    String namespace,
    String tlsCert,
    String tlsKey,
    String tlsCa,
    String tlsServerName,
    String uiUrl,
    String payloadKeyset) {

  public static final String DEFAULT_NAMESPACE = "default";

  /** A server without TLS at {@code address}, namespace {@code default}. */
  public static TemporalOptions plain(String address) {
    return new TemporalOptions(address, DEFAULT_NAMESPACE, null, null, null, null, null, null);
  }

  public TemporalOptions withNamespace(String other) {
    return new TemporalOptions(
        address, other, tlsCert, tlsKey, tlsCa, tlsServerName, uiUrl, payloadKeyset);
  }

  public TemporalOptions withUi(String url) {
    return new TemporalOptions(
        address, namespace, tlsCert, tlsKey, tlsCa, tlsServerName, url, payloadKeyset);
  }

  public TemporalOptions withPayloadKeyset(String file) {
    return new TemporalOptions(
        address, namespace, tlsCert, tlsKey, tlsCa, tlsServerName, uiUrl, file);
  }

  public boolean encrypted() {
    return payloadKeyset != null && !payloadKeyset.isBlank();
  }

  public boolean tls() {
    return tlsCert != null || tlsKey != null || tlsCa != null;
  }
}
