package io.etcddr.connect;

import com.uber.m3.tally.Scope;
import io.etcddr.config.BadSetting;
import io.etcddr.engine.EngineDataConverter;
import io.etcddr.runbook.diagnostics.OneLine;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;

/** A connected Temporal client with etcd-dr's payload format; fails fast with a clear reason. */
public final class TemporalConnection implements AutoCloseable {

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final TemporalOptions options;

  private TemporalConnection(TemporalOptions options, WorkflowServiceStubs service) {
    this.options = options;
    this.service = service;
    this.client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(options.namespace())
                .setDataConverter(EngineDataConverter.create())
                .build());
  }

  public static TemporalConnection open(TemporalOptions options) {
    return open(options, null);
  }

  /**
   * @param metrics where the client's and its workers' metrics go, or null for nowhere
   */
  public static TemporalConnection open(TemporalOptions options, Scope metrics) {
    try {
      return new TemporalConnection(
          options,
          WorkflowServiceStubs.newConnectedServiceStubs(
              stubOptions(options, metrics), Duration.ofSeconds(10)));
    } catch (RuntimeException e) {
      throw new TemporalUnreachable(
          "cannot reach Temporal at "
              + options.address()
              + " ("
              + OneLine.rootCause(e)
              + "); start one with `etcd-dr dev` or point --address / TEMPORAL_ADDRESS at yours");
    }
  }

  /**
   * A connection made on first use: for callers that wait for Temporal themselves (the fence check
   * at boot, bounded, before the Docker engine starts).
   */
  public static TemporalConnection openLazily(TemporalOptions options) {
    return new TemporalConnection(
        options, WorkflowServiceStubs.newServiceStubs(stubOptions(options, null)));
  }

  private static WorkflowServiceStubsOptions stubOptions(TemporalOptions options, Scope metrics) {
    WorkflowServiceStubsOptions.Builder stubs =
        WorkflowServiceStubsOptions.newBuilder().setTarget(options.address());
    if (metrics != null) {
      stubs.setMetricsScope(metrics);
    }
    if (options.tls()) {
      stubs.setSslContext(sslContext(options));
      if (options.tlsServerName() != null) {
        stubs.setChannelInitializer(c -> c.overrideAuthority(options.tlsServerName()));
      }
    }
    return stubs.build();
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  public TemporalOptions options() {
    return options;
  }

  /** A link to the run in the Web UI, when its URL is configured. */
  public String uiLink(String workflowId) {
    if (options.uiUrl() == null || options.uiUrl().isBlank()) {
      return null;
    }
    String base =
        options.uiUrl().endsWith("/")
            ? options.uiUrl().substring(0, options.uiUrl().length() - 1)
            : options.uiUrl();
    return base
        + "/namespaces/"
        + options.namespace()
        + "/workflows/"
        + java.net.URLEncoder.encode(workflowId, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20");
  }

  @Override
  public void close() {
    service.shutdown();
    service.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static SslContext sslContext(TemporalOptions options) {
    try {
      SimpleSslContextBuilder builder;
      if (options.tlsCert() != null && options.tlsKey() != null) {
        try (InputStream cert = new FileInputStream(options.tlsCert());
            InputStream key = new FileInputStream(options.tlsKey())) {
          builder = SimpleSslContextBuilder.forPKCS8(cert, key);
          return withTrust(builder, options).build();
        }
      }
      return withTrust(SimpleSslContextBuilder.noKeyOrCertChain(), options).build();
    } catch (IOException | java.security.GeneralSecurityException e) {
      // The message names the file, never its content.
      throw new BadSetting(
          "cannot use the TLS files ("
              + e.getClass().getSimpleName()
              + ": "
              + OneLine.rootCause(e)
              + "); check --tls-cert, --tls-key (PKCS#8) and --tls-ca");
    }
  }

  private static SimpleSslContextBuilder withTrust(
      SimpleSslContextBuilder builder, TemporalOptions options)
      throws IOException, java.security.GeneralSecurityException {
    if (options.tlsCa() == null) {
      return builder;
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = new FileInputStream(options.tlsCa())) {
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
      }
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    return builder.setTrustManager(trust.getTrustManagers()[0]);
  }
}
