package io.etcddr.connect;

import com.uber.m3.tally.Scope;
import io.etcddr.activities.cert.PemFiles;
import io.etcddr.codec.PayloadEncryption;
import io.etcddr.codec.PayloadKeys;
import io.etcddr.config.BadSetting;
import io.etcddr.contract.EngineDataConverter;
import io.etcddr.contract.OneLine;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A connected Temporal client with etcd-dr's payload format; fails fast with a clear reason. */
public final class TemporalConnection implements AutoCloseable {

  private static final Duration RETRY = Duration.ofSeconds(2);

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final TemporalOptions options;
  private final PayloadEncryption codec;

  private TemporalConnection(TemporalOptions options, WorkflowServiceStubs service) {
    this.options = options;
    this.service = service;
    this.codec =
        options.encrypted()
            ? new PayloadEncryption(PayloadKeys.load(Path.of(options.payloadKeyset())))
            : null;
    this.client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(options.namespace())
                .setDataConverter(dataConverter(codec))
                .build());
  }

  /**
   * etcd-dr's payload format, encrypted when a payload keyset is set: failure messages and stack
   * traces too (they name endpoints and paths), so nothing readable reaches the server.
   */
  private static DataConverter dataConverter(PayloadEncryption codec) {
    DataConverter json = EngineDataConverter.create();
    return codec == null ? json : new CodecDataConverter(json, List.of(codec), true);
  }

  /**
   * The codec of this connection (the one its client encodes with), or null when payloads are not
   * encrypted.
   */
  public PayloadEncryption codec() {
    return codec;
  }

  public static TemporalConnection open(TemporalOptions options) {
    return open(options, null);
  }

  /**
   * @param metrics where the client's and its workers' metrics go, or null for nowhere
   */
  public static TemporalConnection open(TemporalOptions options, Scope metrics) {
    WorkflowServiceStubs stubs = null;
    try {
      stubs = WorkflowServiceStubs.newServiceStubs(stubOptions(options, metrics));
      stubs.connect(Duration.ofSeconds(10));
      return new TemporalConnection(options, stubs);
    } catch (RuntimeException e) {
      if (stubs != null) {
        stubs.shutdownNow(); // no channel left behind by an attempt that failed (openWaiting)
      }
      throw unreachable(options, e);
    }
  }

  /**
   * As {@link #open(TemporalOptions, Scope)}, asking again every 2 s for up to {@code patience}
   * while Temporal does not answer — a worker started with its server, or through a TLS proxy on a
   * busy node, must not die of a first slow handshake. A refused certificate fails at once.
   *
   * @param waiting told once, with the reason, when the first attempt fails and it goes on asking
   */
  public static TemporalConnection openWaiting(
      TemporalOptions options, Scope metrics, Duration patience, Consumer<String> waiting)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    boolean told = false;
    while (true) {
      try {
        return open(options, metrics);
      } catch (TemporalUnreachable e) {
        if (e.certificate() || System.nanoTime() + RETRY.toNanos() > deadline) {
          throw e;
        }
        if (!told) {
          waiting.accept(
              e.getMessage() + "; asking again for up to " + patience.toSeconds() + " s");
          told = true;
        }
        Thread.sleep(RETRY.toMillis());
      }
    }
  }

  /**
   * Why the connection failed, in one line, told apart by what fixes it: this client's certificate
   * (a TLS proxy or server that verifies clients answers HTTP 400 or ends the handshake), the
   * server's certificate — either refused, so asking again will not help — or no server at all.
   */
  static TemporalUnreachable unreachable(TemporalOptions options, Throwable e) {
    String cause = OneLine.rootCause(e);
    String all = chain(e);
    if (all.contains("HTTP status code 400")
        || all.contains("certificate_required")
        || all.contains("bad_certificate")
        || all.contains("unknown_ca")) {
      return new TemporalUnreachable(
          "Temporal at "
              + options.address()
              + " refused this client's certificate ("
              + cause
              + "); check --tls-cert and --tls-key: they must be signed by a CA the server trusts",
          true);
    }
    if (all.contains("PKIX path") || all.contains("No subject alternative")) {
      return new TemporalUnreachable(
          "Temporal at "
              + options.address()
              + " presented a certificate this client does not trust ("
              + cause
              + "); check --tls-ca and --tls-server-name",
          true);
    }
    return new TemporalUnreachable(
        "cannot reach Temporal at "
            + options.address()
            + " ("
            + cause
            + "); start one with `etcd-dr dev` or point --address / TEMPORAL_ADDRESS at yours",
        false);
  }

  private static String chain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append(' ');
    }
    return text.toString();
  }

  /**
   * A connection made on first use: for callers that wait for Temporal themselves (the fence check
   * at boot, bounded, before the Docker engine starts).
   */
  public static TemporalConnection openLazily(TemporalOptions options) {
    return openLazily(options, null);
  }

  /** {@link #openLazily(TemporalOptions)} with the client's metrics going to {@code metrics}. */
  public static TemporalConnection openLazily(TemporalOptions options, Scope metrics) {
    return new TemporalConnection(
        options, WorkflowServiceStubs.newServiceStubs(stubOptions(options, metrics)));
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

  /**
   * New calls on a new connection, now: called when the link to Temporal is known to be back. The
   * connection a cut link left half-open would carry them only after TCP's retransmission backoff,
   * and a failed one only after gRPC's reconnect backoff (both up to two minutes). Faster pings
   * would find it sooner, but the Java test server answers pings under five minutes apart with
   * GOAWAY (too_many_pings).
   */
  public void reconnectNow() {
    service.getRawChannel().enterIdle();
    service.getRawChannel().resetConnectBackoff();
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

  /**
   * mTLS from PEM files as operators have them: the key in PKCS#1 (RKE's), SEC1 or PKCS#8, the
   * certificate chain leaf first, and the CAs to trust (the JDK's when none is given).
   */
  private static SslContext sslContext(TemporalOptions options) {
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient();
      if (options.tlsCert() != null && options.tlsKey() != null) {
        builder.keyManager(
            PemFiles.readPrivateKey(Path.of(options.tlsKey())),
            PemFiles.readCertificates(Path.of(options.tlsCert())).toArray(X509Certificate[]::new));
      } else if (options.tlsCert() != null || options.tlsKey() != null) {
        throw new BadSetting("mTLS needs both --tls-cert and --tls-key; give both or neither");
      }
      if (options.tlsCa() != null) {
        builder.trustManager(
            PemFiles.readCertificates(Path.of(options.tlsCa())).toArray(X509Certificate[]::new));
      }
      return builder.build();
    } catch (IOException e) {
      // The message names the file, never its content.
      throw new BadSetting(
          "cannot use the TLS files ("
              + OneLine.rootCause(e)
              + "); check --tls-cert, --tls-key and --tls-ca (PEM)");
    }
  }
}
