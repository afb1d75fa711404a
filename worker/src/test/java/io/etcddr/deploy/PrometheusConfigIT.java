package io.etcddr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus is checked by the tools that will load it (Debian's prometheus and
 * prometheus-alertmanager packages): the rules parse, their unit tests (the power cut of site A, a
 * split brain) pass, and the Alertmanager configuration is valid.
 */
class PrometheusConfigIT {

  private static final Path DIR = Path.of("..", "deploy", "prometheus");

  @Test
  void rulesParseAndFireOnAPowerCutOfSiteA() throws Exception {
    assertThat(run("promtool", "check", "rules", "etcd-dr-rules.yml")).contains("SUCCESS: 8 rules");
    assertThat(run("promtool", "test", "rules", "etcd-dr-rules.test.yml")).contains("SUCCESS");
  }

  @Test
  void prometheusScrapesEtcdAndTheWorkerAndLoadsTheRules() throws Exception {
    // Syntax only: the certificate and token files it names exist on the Prometheus host, not here.
    assertThat(run("promtool", "check", "config", "--syntax-only", "prometheus.yml"))
        .contains("SUCCESS");
    assertThat(Files.readString(DIR.resolve("prometheus.yml")))
        .contains(
            "etcd-dr-rules.yml", "job_name: etcd-dr", "credentials_file: /etc/etcd-dr/api-token");
  }

  @Test
  void alertmanagerRoutesQuorumLossToTheWebhook() throws Exception {
    assertThat(run("amtool", "check-config", "alertmanager.yml")).contains("SUCCESS");
    assertThat(Files.readString(DIR.resolve("alertmanager.yml")))
        .contains("/v1/alerts/alertmanager");
  }

  private static String run(String... command) throws Exception {
    Prerequisites.need().onPath(command[0]).orSkip();
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(DIR.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    return output;
  }
}
