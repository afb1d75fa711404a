package io.etcddr.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;

/**
 * One Prometheus registry per process: the Temporal SDK's client and worker metrics and the runs'
 * own (reported by workflow code through Temporal's scope, see {@code RunMetrics}) flow into it
 * through Temporal's Micrometer reporter; `GET /metrics` prints it.
 */
public final class WorkerMetrics implements AutoCloseable {

  /** How often Temporal's scope hands what it gathered to the registry. */
  private static final Duration REPORT_EVERY = Duration.ofSeconds(1);

  private final PrometheusMeterRegistry registry;
  private final Scope temporalScope;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public WorkerMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    temporalScope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(REPORT_EVERY.toMillis()));
  }

  /** The scope to give Temporal's service stubs, so its workers and our workflows report here. */
  public Scope temporalScope() {
    return temporalScope;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of everything gathered so far. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    try {
      temporalScope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // Only the last second's values are lost; the process is stopping.
    }
    gc.close();
    registry.close();
  }
}
