package io.etcddr.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One Prometheus registry per process: the Temporal SDK's client and worker metrics and the runs'
 * own (reported by workflow code through Temporal's scope, see {@code RunMetrics}) flow into it
 * through Temporal's Micrometer reporter; `GET /metrics` prints it.
 */
public final class WorkerMetrics implements AutoCloseable {

  /** How often Temporal's scope hands what it gathered to the registry. */
  private static final Duration REPORT_EVERY = Duration.ofSeconds(1);

  /**
   * Temporal's reporter gives every timer a ~70-bucket histogram; ours are per runbook and step, so
   * they keep count, sum and max only (a duration per step is what an operator reads).
   */
  private static final MeterFilter OWN_TIMERS_WITHOUT_BUCKETS =
      new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(
            Meter.Id id, DistributionStatisticConfig config) {
          if (!id.getName().startsWith("etcd_dr_")) {
            return config;
          }
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(false)
              .serviceLevelObjectives()
              .build()
              .merge(config);
        }
      };

  /**
   * Labels etcd-dr's own series may carry. Workflow code reports through Temporal's scope, which
   * adds the SDK's own tags (namespace, task_queue, workflow_type and placeholders such as
   * activity_type="none"); a dashboard grouping by runbook and step must not see them.
   */
  static final Set<String> OWN_LABELS =
      Set.of("runbook", "step", "kind", "outcome", "cluster", "alertname", "status");

  private static final MeterFilter OWN_SERIES_OWN_LABELS =
      new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
          if (!id.getName().startsWith("etcd_dr_")) {
            return id;
          }
          List<Tag> own =
              id.getTags().stream().filter(t -> OWN_LABELS.contains(t.getKey())).toList();
          return own.size() == id.getTags().size() ? id : id.replaceTags(own);
        }
      };

  private final PrometheusMeterRegistry registry;
  private final Scope temporalScope;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public WorkerMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(OWN_SERIES_OWN_LABELS).meterFilter(OWN_TIMERS_WITHOUT_BUCKETS);
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
